package com.hotelchat.node.config;

/** A setting is missing or wrong; the message names it and says why, and the node does not start. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
