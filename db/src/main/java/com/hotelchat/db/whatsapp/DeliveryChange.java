package com.hotelchat.db.whatsapp;

/** A message whose WhatsApp delivery state moved forward. */
public record DeliveryChange(long messageId, long conversationId) {}
