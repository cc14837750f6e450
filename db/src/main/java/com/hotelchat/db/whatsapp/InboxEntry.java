package com.hotelchat.db.whatsapp;

/** A stored webhook body waiting to be processed, and how often processing it failed before. */
public record InboxEntry(long id, String payload, int attempts) {}
