package com.hotelchat.db.whatsapp;

/**
 * A queued WhatsApp send: the message it carries (a text, or one of its files with {@code body} as the caption when
 * {@code mediaId} is set, or a template message when {@code template} is set: the Cloud API's template object as JSON),
 * to whom, and how often it was tried.
 */
public record OutboxEntry(long id, long messageId, long conversationId, String toNumber, String body, int attempts,
                          String mediaId, String template) {}
