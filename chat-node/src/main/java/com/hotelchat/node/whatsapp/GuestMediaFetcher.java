package com.hotelchat.node.whatsapp;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotelchat.db.media.MediaRecord;
import com.hotelchat.domain.Attachment;
import com.hotelchat.domain.MessageMedia;
import com.hotelchat.node.media.MediaRejectedException;
import com.hotelchat.node.media.MediaService;
import com.hotelchat.node.media.Uploader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a guest's WhatsApp file in before its message is stored: media id -> URL -> bytes, then through the same
 * checks as any upload (type from the bytes, size limits, metadata stripped). A fetch that fails for a passing reason
 * throws, so the inbox keeps the webhook and tries again later; after {@value #ATTEMPTS} attempts, or at once when
 * WhatsApp answers that the file is gone or the file is refused, the message is stored with the file marked
 * unavailable: a guest's message is never lost for its attachment.
 */
final class GuestMediaFetcher {

    static final int ATTEMPTS = 5;
    private static final Logger log = LoggerFactory.getLogger(GuestMediaFetcher.class);

    private final CloudApiClient api;
    private final MediaService media;

    /** {@code api} null: no access token is configured, so no file can be fetched. */
    GuestMediaFetcher(CloudApiClient api, MediaService media) {
        this.api = api;
        this.media = media;
    }

    /** Thrown to keep the webhook for a later attempt. */
    static final class TryLater extends RuntimeException {
        TryLater(String message) {
            super(message, null, false, false);
        }
    }

    MessageMedia fetch(String type, JsonNode file, String whatsappMessageId, int attemptsBefore) {
        String mimeType = file.path("mime_type").asText(null);
        String name = file.path("filename").asText(null);
        String mediaId = file.path("id").asText("");
        Attachment missing = Attachment.unavailable(type, mimeType, name);
        if (api == null || mediaId.isEmpty()) {
            log.warn("guest media not fetched ({}) message={} type={}",
                    api == null ? "WhatsApp access token not configured" : "no media id", whatsappMessageId, type);
            return MessageMedia.of(List.of(missing));
        }
        switch (api.fetchMedia(mediaId)) {
            case CloudApiClient.Fetch.Fetched fetched -> {
                try (InputStream body = fetched.download().body()) {
                    MediaRecord stored = media.store(body, fetched.download().length(), name, Uploader.whatsApp(),
                            Attachment.STICKER.equals(type));
                    return MessageMedia.of(List.of(stored.attachment()));
                } catch (MediaRejectedException e) {
                    log.warn("guest media refused message={} type={} reason={}", whatsappMessageId, type, e.getMessage());
                    return MessageMedia.of(List.of(missing));
                } catch (IOException | UncheckedIOException e) {
                    return retryOrGiveUp(missing, whatsappMessageId, attemptsBefore, "download broke off: " + e.getMessage());
                }
            }
            case CloudApiClient.Fetch.Failed failed -> {
                if (failed.reason() instanceof CloudApiClient.Outcome.Rejected rejected) {
                    log.warn("guest media unavailable message={} media={} reason={}", whatsappMessageId, mediaId,
                            rejected.reason());
                    return MessageMedia.of(List.of(missing));
                }
                return retryOrGiveUp(missing, whatsappMessageId, attemptsBefore,
                        ((CloudApiClient.Outcome.Transient) failed.reason()).reason());
            }
        }
    }

    private static MessageMedia retryOrGiveUp(Attachment missing, String whatsappMessageId, int attemptsBefore,
                                              String reason) {
        if (attemptsBefore + 1 < ATTEMPTS) {
            throw new TryLater("fetching the media of " + whatsappMessageId + " failed: " + reason);
        }
        log.warn("guest media unavailable after {} attempts message={} reason={}", ATTEMPTS, whatsappMessageId, reason);
        return MessageMedia.of(List.of(missing));
    }
}
