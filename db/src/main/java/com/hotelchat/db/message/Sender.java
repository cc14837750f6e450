package com.hotelchat.db.message;

/** Who writes a message: a staff user or a guest, by id, with the display name stored beside it. */
public record Sender(String type, long id, String name) {}
