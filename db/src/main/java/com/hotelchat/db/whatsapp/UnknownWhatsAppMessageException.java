package com.hotelchat.db.whatsapp;

/** A delivery status names a WhatsApp message id that no outbox row carries (yet). */
public final class UnknownWhatsAppMessageException extends RuntimeException {
    public UnknownWhatsAppMessageException(String whatsappMessageId) {
        super("no outbox row carries WhatsApp message id " + whatsappMessageId + " (yet)", null, false, false);
    }
}
