package com.hotelchat.node.session;

/** A stored message already encoded as a {@code message} event; {@code privateNote}: staff only, never a guest. */
public record EncodedMessage(long id, String payload, boolean privateNote) {}
