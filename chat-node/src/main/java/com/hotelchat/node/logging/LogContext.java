package com.hotelchat.node.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * The context a log line carries: node, session, user, conversation and (while a traced command runs) trace_id, in that
 * order, only those that are set.
 */
public final class LogContext {

    /** The MDC keys, in the order lines show them. */
    public static final List<String> KEYS = List.of("node", "session", "user", "conversation", "trace_id");
    private static final String NODE = "node";

    private LogContext() {}

    /**
     * Names the node in every line of this process that does not name one itself (a node started by {@code Main} is
     * alone in its process; tests run several in one and leave this unset).
     */
    public static void nodeIs(String nodeId) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.putProperty(NODE, nodeId);
        }
    }

    static Map<String, String> fields(ILoggingEvent event) {
        Map<String, String> mdc = event.getMDCPropertyMap();
        Map<String, String> fields = new LinkedHashMap<>(8);
        for (String key : KEYS) {
            String value = mdc.get(key);
            if ((value == null || value.isEmpty()) && key.equals(NODE) && event.getLoggerContextVO() != null) {
                value = event.getLoggerContextVO().getPropertyMap().get(NODE);
            }
            if (value != null && !value.isEmpty()) {
                fields.put(key, value);
            }
        }
        return fields;
    }
}
