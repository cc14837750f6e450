package com.hotelchat.db.message;

/**
 * Who writes a message: a staff user or a guest, by id, with the display name stored beside it. {@code id} is null
 * only for the activity entries the node writes itself ({@link ActivityLog#NODE}).
 */
public record Sender(String type, Long id, String name) {}
