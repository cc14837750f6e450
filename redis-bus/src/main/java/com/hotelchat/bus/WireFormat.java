package com.hotelchat.bus;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * How an envelope travels between nodes: a header of its facts, one per line, then the client payload as it is. No
 * JSON encoding or decoding of the already-encoded payload on either side (the payload is JSON text, in which a raw
 * line break never occurs; node ids, session ids and department slugs contain none either).
 *
 * <pre>
 * E1
 * node
 * KIND
 * conversationId
 * messageId
 * previousMessageId
 * department        (empty: none)
 * originSession     (empty: none)
 * originUser
 * publishedAtMillis
 * payload...
 * </pre>
 *
 * An envelope with a {@link Envelope#version() version} starts with {@code E2} and has one more header line, the
 * version, after {@code publishedAtMillis}. Every other envelope is still written as {@code E1}, so a node of the
 * previous release (which reads only {@code E1} and drops the rest) misses only conversation state events of this
 * release's nodes during a rolling upgrade. A message in the earliest JSON form ({@code {"node":..,"envelope":{..}}})
 * is still read.
 *
 * <p>The node line may carry optional attributes after the node id, each as a tab then {@code key=value}: {@code tp=}
 * the W3C {@code traceparent} of the publishing span, only when the publishing node traces ({@link BusTracing}).
 * A node of release 0.1.0 uses the node line only to recognise its own messages (by equality with its id), so it reads
 * such an envelope as one from another node, which it is, and handles it as before; attributes a node does not know
 * are ignored. Node ids therefore contain no tab (nor line break).
 */
final class WireFormat {

    /**
     * A decoded message: the envelope, the node that published it and the publishing span's W3C {@code traceparent}
     * (null: none carried).
     */
    record Wire(String node, Envelope envelope, String traceParent) {

        Wire(String node, Envelope envelope) {
            this(node, envelope, null);
        }
    }

    private static final String MAGIC = "E1";
    private static final String MAGIC_VERSIONED = "E2";
    private static final int HEADER_FIELDS = 10;
    private static final String TRACE_PARENT = "\ttp=";
    private static final ObjectMapper LEGACY = new ObjectMapper();

    private WireFormat() {}

    static String encode(String node, Envelope e) {
        return encode(node, e, null);
    }

    /** {@code traceParent}: the publishing span's W3C {@code traceparent}, or null to carry none. */
    static String encode(String node, Envelope e, String traceParent) {
        StringBuilder sb = new StringBuilder(e.payload().length() + 96);
        sb.append(e.version() == 0 ? MAGIC : MAGIC_VERSIONED).append('\n').append(node);
        if (traceParent != null) {
            sb.append(TRACE_PARENT).append(traceParent);
        }
        sb.append('\n').append(e.kind().name()).append('\n')
                .append(e.conversationId()).append('\n').append(e.messageId()).append('\n')
                .append(e.previousMessageId()).append('\n').append(e.department() == null ? "" : e.department())
                .append('\n').append(e.originSession() == null ? "" : e.originSession()).append('\n')
                .append(e.originUser()).append('\n').append(e.publishedAtMillis()).append('\n');
        if (e.version() != 0) {
            sb.append(e.version()).append('\n');
        }
        sb.append(e.payload());
        return sb.toString();
    }

    /** Null for anything that is neither form. */
    static Wire decode(String message) {
        if (message.startsWith("{")) {
            try {
                return LEGACY.readValue(message, Wire.class);
            } catch (IOException e) {
                return null;
            }
        }
        boolean versioned = message.startsWith(MAGIC_VERSIONED + "\n");
        int headerFields = versioned ? HEADER_FIELDS + 1 : HEADER_FIELDS;
        String[] fields = new String[headerFields];
        int start = 0;
        for (int i = 0; i < headerFields; i++) {
            int end = message.indexOf('\n', start);
            if (end < 0) {
                return null;
            }
            fields[i] = message.substring(start, end);
            start = end + 1;
        }
        if (!versioned && !MAGIC.equals(fields[0])) {
            return null;
        }
        try {
            Envelope envelope = new Envelope(Envelope.Kind.valueOf(fields[2]), Long.parseLong(fields[3]),
                    Long.parseLong(fields[4]), Long.parseLong(fields[5]), emptyToNull(fields[6]), emptyToNull(fields[7]),
                    Long.parseLong(fields[8]), message.substring(start), Long.parseLong(fields[9]),
                    versioned ? Long.parseLong(fields[10]) : 0);
            String nodeLine = fields[1];
            int attributes = nodeLine.indexOf('\t');
            if (attributes < 0) {
                return new Wire(nodeLine, envelope);
            }
            return new Wire(nodeLine.substring(0, attributes), envelope, attribute(nodeLine, attributes, TRACE_PARENT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The value of the attribute whose tab-and-key prefix is {@code key}, from {@code from} on; null if absent. */
    private static String attribute(String nodeLine, int from, String key) {
        int at = nodeLine.indexOf(key, from);
        if (at < 0) {
            return null;
        }
        int start = at + key.length();
        int end = nodeLine.indexOf('\t', start);
        return nodeLine.substring(start, end < 0 ? nodeLine.length() : end);
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }
}
