package com.hotelchat.node.session;

/** A stored message already encoded as a {@code message} event. */
public record EncodedMessage(long id, String payload) {}
