package com.hotelchat.db.tools;

/** A label staff put on conversations: a short lowercase name and a colour ({@code #rrggbb}). */
public record Label(long id, String name, String color) {}
