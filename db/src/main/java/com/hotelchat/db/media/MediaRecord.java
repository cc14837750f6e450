package com.hotelchat.db.media;

import com.hotelchat.domain.Attachment;
import java.time.Instant;

/**
 * A stored file: what it is (detected from its bytes), who uploaded it, in which store, and the message that uses it
 * (null until a message is committed with it); {@code whatsappMediaId}: the Cloud API's id of a guest's file.
 */
public record MediaRecord(String id, String type, String contentType, long sizeBytes, String fileName, String sha256,
                          String storage, String uploadedByType, Long uploadedById, Long messageId,
                          Long conversationId, Instant createdAt, String whatsappMediaId) {

    public Attachment attachment() {
        return new Attachment(id, type, contentType, sizeBytes, fileName, true);
    }
}
