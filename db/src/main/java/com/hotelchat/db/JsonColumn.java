package com.hotelchat.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.hotelchat.domain.Activity;
import com.hotelchat.domain.MessageMedia;
import com.hotelchat.domain.TemplateContent;
import com.hotelchat.domain.TemplatePrefill;
import com.hotelchat.domain.TemplateValues;
import java.io.UncheckedIOException;

/**
 * A {@code jsonb} column that holds a record, in JSON as the protocol writes it (snake_case, ISO-8601 times): what a
 * message carries ({@code messages.media}), what an activity entry records ({@code messages.activity}), a WhatsApp
 * template's content and prefill ({@code whatsapp_templates}). Null is
 * SQL NULL both ways.
 */
public final class JsonColumn<T> {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    // After the mapper they are made with (static fields are set in order).
    public static final JsonColumn<MessageMedia> MEDIA = new JsonColumn<>(MessageMedia.class, "messages.media");
    public static final JsonColumn<Activity> ACTIVITY = new JsonColumn<>(Activity.class, "messages.activity");
    public static final JsonColumn<TemplateContent> TEMPLATE_CONTENT =
            new JsonColumn<>(TemplateContent.class, "whatsapp_templates.content");
    public static final JsonColumn<TemplatePrefill> TEMPLATE_PREFILL =
            new JsonColumn<>(TemplatePrefill.class, "whatsapp_templates.prefill");
    public static final JsonColumn<TemplateValues> TEMPLATE_VALUES =
            new JsonColumn<>(TemplateValues.class, "scheduled_messages.parameters");

    private final Class<T> type;
    private final String column;
    private final ObjectReader reader;
    private final ObjectWriter writer;

    private JsonColumn(Class<T> type, String column) {
        this.type = type;
        this.column = column;
        // Written and read as the declared type, so that a sealed type's subtype carries its name.
        this.reader = MAPPER.readerFor(type);
        this.writer = MAPPER.writerFor(type);
    }

    public Class<T> type() {
        return type;
    }

    public String write(T value) {
        if (value == null) {
            return null;
        }
        try {
            return writer.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write " + column, e);
        }
    }

    public T read(String json) {
        if (json == null) {
            return null;
        }
        try {
            return reader.readValue(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("unreadable " + column, e);
        }
    }
}
