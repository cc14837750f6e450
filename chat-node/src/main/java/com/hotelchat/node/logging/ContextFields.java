package com.hotelchat.node.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %fields} in a text log pattern: " node=… session=… user=… conversation=…", each only when it is set (the
 * node from the log context when the line's own context has none), so a line about nothing in particular carries
 * no empty fields.
 */
public final class ContextFields extends ClassicConverter {

    @Override
    public String convert(ILoggingEvent event) {
        StringBuilder out = new StringBuilder(64);
        LogContext.fields(event).forEach((key, value) -> out.append(' ').append(key).append('=').append(value));
        return out.toString();
    }
}
