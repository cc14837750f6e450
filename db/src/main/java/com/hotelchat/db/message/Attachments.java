package com.hotelchat.db.message;

import com.hotelchat.db.media.MediaMapper;
import com.hotelchat.db.media.MediaRecord;
import com.hotelchat.domain.Attachment;
import com.hotelchat.domain.MessageMedia;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A message's uploads, inside the append's transaction: each must be an upload of the sender's that no message uses
 * yet; they are locked until the commit, so two messages can never take the same file.
 */
final class Attachments {

    private Attachments() {}

    /** The media a message with these uploads carries, in the order given; null when any is not available. */
    static MessageMedia lock(MediaMapper media, List<String> ids, Sender sender) {
        Map<String, Attachment> found = new HashMap<>();
        for (MediaRecord record : media.lockUnused(ids, sender.type(), sender.id())) {
            found.put(record.id(), record.attachment());
        }
        if (found.size() != ids.size()) {
            return null;
        }
        return MessageMedia.of(ids.stream().map(found::get).toList());
    }

    /** Marks the stored files a committed message carries as used by it (files that never arrived have no id). */
    static void attach(MediaMapper media, MessageMedia carried, long messageId, long conversationId) {
        List<String> ids = carried == null ? List.of()
                : carried.attachments().stream().map(Attachment::id).filter(java.util.Objects::nonNull).toList();
        if (!ids.isEmpty()) {
            media.attach(ids, messageId, conversationId);
        }
    }
}
