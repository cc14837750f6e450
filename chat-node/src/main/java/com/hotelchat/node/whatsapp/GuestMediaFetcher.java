package com.hotelchat.node.whatsapp;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotelchat.db.media.MediaRecord;
import com.hotelchat.db.media.MediaRecords;
import com.hotelchat.domain.Attachment;
import com.hotelchat.domain.MessageMedia;
import com.hotelchat.node.media.MediaRejectedException;
import com.hotelchat.node.media.MediaService;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings guests' WhatsApp files in, in two steps. {@link #prefetch} runs before a webhook body is claimed, outside any
 * transaction: media id -> URL -> download, then the same checks as any upload (type from the bytes, size limits,
 * metadata stripped); the file is stored under WhatsApp's media id. {@link #attachment} runs while the body is
 * processed and only looks: a file not there yet keeps the body for a later attempt (the inbox's back-off, each
 * round fetching again); after {@value #ATTEMPTS} attempts, or at once when WhatsApp answered that the file is gone
 * or the file was refused, the message is stored with the file marked unavailable: a guest's message is never lost
 * for its attachment.
 */
final class GuestMediaFetcher {

    static final int ATTEMPTS = 5;
    private static final int REMEMBERED_GONE = 10_000;
    private static final Logger log = LoggerFactory.getLogger(GuestMediaFetcher.class);

    private final CloudApiClient api;
    private final MediaService media;
    private final MediaRecords records;
    /** Media ids WhatsApp said are gone, or whose file was refused, on this node (most recent kept). */
    private final Set<String> gone = Collections.synchronizedSet(Collections.newSetFromMap(
            new LinkedHashMap<String, Boolean>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > REMEMBERED_GONE;
                }
            }));

    /** {@code api} null: no access token is configured, so no file can be fetched. */
    GuestMediaFetcher(CloudApiClient api, MediaService media, MediaRecords records) {
        this.api = api;
        this.media = media;
        this.records = records;
    }

    /** Thrown to keep the webhook for a later attempt. */
    static final class TryLater extends RuntimeException {
        TryLater(String message) {
            super(message, null, false, false);
        }
    }

    /** False when no access token is configured: then no file can be fetched, and prefetching has nothing to do. */
    boolean canFetch() {
        return api != null;
    }

    /** Fetches and stores a message's file unless it is stored already, gone, or nothing can be fetched. */
    void prefetch(JsonNode message) {
        String type = message.path("type").asText("");
        String mediaId = message.path(type).path("id").asText("");
        if (!canFetch() || !Attachment.TYPES.contains(type) || mediaId.isEmpty() || gone.contains(mediaId)
                || records.findByWhatsAppMediaId(mediaId).isPresent()) {
            return;
        }
        String whatsappMessageId = message.path("id").asText();
        switch (api.fetchMedia(mediaId)) {
            case CloudApiClient.Fetch.Fetched fetched -> {
                try (InputStream body = fetched.download().body()) {
                    media.storeFromWhatsApp(body, fetched.download().length(), message.path(type).path("filename")
                            .asText(null), Attachment.STICKER.equals(type), mediaId);
                } catch (MediaRejectedException e) {
                    gone.add(mediaId);
                    log.warn("guest media refused message={} type={} reason={}", whatsappMessageId, type, e.getMessage());
                } catch (IOException | UncheckedIOException e) {
                    log.warn("guest media download broke off message={} reason={}", whatsappMessageId, e.getMessage());
                }
            }
            case CloudApiClient.Fetch.Failed failed -> {
                if (failed.reason() instanceof CloudApiClient.Outcome.Rejected rejected) {
                    gone.add(mediaId);
                    log.warn("guest media unavailable message={} media={} reason={}", whatsappMessageId, mediaId,
                            rejected.reason());
                } else {
                    log.warn("guest media fetch failed, trying again later message={} reason={}", whatsappMessageId,
                            ((CloudApiClient.Outcome.Transient) failed.reason()).reason());
                }
            }
        }
    }

    /** What the message carries: the stored file, or the file marked unavailable; throws {@link TryLater} to wait. */
    MessageMedia attachment(String type, JsonNode file, String whatsappMessageId, int attemptsBefore) {
        String mediaId = file.path("id").asText("");
        Attachment missing = Attachment.unavailable(type, file.path("mime_type").asText(null),
                file.path("filename").asText(null));
        if (!canFetch() || mediaId.isEmpty()) {
            log.warn("guest media not fetched ({}) message={} type={}",
                    !canFetch() ? "WhatsApp access token not configured" : "no media id", whatsappMessageId, type);
            return MessageMedia.of(List.of(missing));
        }
        java.util.Optional<MediaRecord> stored = records.findByWhatsAppMediaId(mediaId);
        if (stored.isPresent()) {
            return MessageMedia.of(List.of(stored.get().attachment()));
        }
        if (!gone.contains(mediaId) && attemptsBefore + 1 < ATTEMPTS) {
            throw new TryLater("the media of " + whatsappMessageId + " is not fetched yet");
        }
        log.warn("guest media unavailable message={} media={} after {} attempts", whatsappMessageId, mediaId,
                attemptsBefore + 1);
        return MessageMedia.of(List.of(missing));
    }
}
