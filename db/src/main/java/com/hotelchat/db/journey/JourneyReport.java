package com.hotelchat.db.journey;

/**
 * What a rule's messages came to: {@code pending} not gone yet, {@code sent} handed to WhatsApp, of which
 * {@code delivered} reached the guest's phone (read ones included), {@code read} were read, {@code answered} had a
 * message from the guest after them; {@code failed}: not sent, or refused by WhatsApp.
 */
public record JourneyReport(long pending, long sent, long delivered, long read, long answered, long failed) {}
