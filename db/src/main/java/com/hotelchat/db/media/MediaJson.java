package com.hotelchat.db.media;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.hotelchat.domain.MessageMedia;
import java.io.UncheckedIOException;

/** {@code messages.media} as stored: the {@link MessageMedia} record in JSON, snake_case like the protocol. */
public final class MediaJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private MediaJson() {}

    public static String write(MessageMedia media) {
        if (media == null) {
            return null;
        }
        try {
            return MAPPER.writeValueAsString(media);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static MessageMedia read(String json) {
        if (json == null) {
            return null;
        }
        try {
            return MAPPER.readValue(json, MessageMedia.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("unreadable messages.media", e);
        }
    }
}
