package com.hotelchat.db.whatsapp;

/** A queued WhatsApp send: the message it carries, to whom, and how often it was tried. */
public record OutboxEntry(long id, long messageId, long conversationId, String toNumber, String body, int attempts) {}
