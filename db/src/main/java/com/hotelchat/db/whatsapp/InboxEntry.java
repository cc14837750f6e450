package com.hotelchat.db.whatsapp;

/** A stored webhook body waiting to be processed. */
public record InboxEntry(long id, String payload) {}
