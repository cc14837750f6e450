package com.hotelchat.db.tools;

/** A conversation whose guest matches a search by name, room or WhatsApp number. */
public record GuestHit(long conversationId, String department, String status, long guestId, String guestName,
                       String roomNumber, String whatsappNumber) {}
