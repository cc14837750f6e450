package com.hotelchat.db.message;

import com.hotelchat.db.whatsapp.OutboxMapper;
import com.hotelchat.domain.Attachment;
import com.hotelchat.domain.StoredMessage;
import java.util.List;

/**
 * How a staff reply is split into WhatsApp sends: a text is one send; with files, one send per file, the text as the
 * first file's caption when WhatsApp allows one there (images, videos, documents), otherwise its own send before
 * the files. Each part is an outbox row of its own, sent exactly once, in order.
 */
final class OutboxParts {

    private static final List<String> CAPTIONED = List.of(Attachment.IMAGE, Attachment.VIDEO, Attachment.DOCUMENT);

    private OutboxParts() {}

    static void queue(OutboxMapper outbox, StoredMessage message, String toNumber) {
        List<Attachment> files = message.media() == null ? List.of() : message.media().attachments();
        String text = message.content();
        int part = 0;
        if (files.isEmpty() || (!text.isBlank() && !CAPTIONED.contains(files.get(0).type()))) {
            outbox.insert(message.id(), part++, toNumber, text, null);
            text = "";
        }
        for (Attachment file : files) {
            outbox.insert(message.id(), part++, toNumber, text, file.id());
            text = "";
        }
    }
}
