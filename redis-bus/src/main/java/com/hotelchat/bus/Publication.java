package com.hotelchat.bus;

/** One envelope for one group: an item of {@link Bus#publish(java.util.List)}. */
public record Publication(Group group, Envelope envelope) {}
