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
 * The node line may carry extensions after the node id, each a tab then {@code key=value}: {@code v=} the envelope's
 * {@link Envelope#version() version}; {@code received=} its {@link Envelope#receivedAtMicros() receivedAtMicros} (when
 * the {@code text} that caused it was received, epoch microseconds, for the delivery latency metric); {@code tp=} the
 * W3C {@code traceparent} of the publishing span, only when the publishing node traces ({@link BusTracing}). A node of
 * release 0.1.0 reads the node line only to skip its own envelopes, so it takes such a line for another node's and
 * delivers the envelope as before: the extensions are invisible to it, and this release reads its envelopes (no
 * extension) as well. Unknown extensions are ignored, so a later release may add its own without breaking this one. A
 * message in the earliest JSON form ({@code {"node":..,"envelope":{..}}}) is still read.
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
    private static final String VERSION = "\tv=";
    private static final String RECEIVED = "\treceived=";
    private static final String TRACE_PARENT = "\ttp=";
    private static final int HEADER_FIELDS = 10;
    private static final ObjectMapper LEGACY = new ObjectMapper();

    private WireFormat() {}

    static String encode(String node, Envelope e) {
        return encode(node, e, null);
    }

    /** {@code traceParent}: the publishing span's W3C {@code traceparent}, or null to carry none. */
    static String encode(String node, Envelope e, String traceParent) {
        StringBuilder sb = new StringBuilder(e.payload().length() + 96);
        sb.append(MAGIC).append('\n').append(node);
        if (e.version() != 0) {
            sb.append(VERSION).append(e.version());
        }
        if (e.receivedAtMicros() != 0) {
            sb.append(RECEIVED).append(e.receivedAtMicros());
        }
        if (traceParent != null) {
            sb.append(TRACE_PARENT).append(traceParent);
        }
        sb.append('\n').append(e.kind().name()).append('\n')
                .append(e.conversationId()).append('\n').append(e.messageId()).append('\n')
                .append(e.previousMessageId()).append('\n').append(e.department() == null ? "" : e.department())
                .append('\n').append(e.originSession() == null ? "" : e.originSession()).append('\n')
                .append(e.originUser()).append('\n').append(e.publishedAtMillis()).append('\n');
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
        String[] fields = new String[HEADER_FIELDS];
        int start = 0;
        for (int i = 0; i < HEADER_FIELDS; i++) {
            int end = message.indexOf('\n', start);
            if (end < 0) {
                return null;
            }
            fields[i] = message.substring(start, end);
            start = end + 1;
        }
        if (!MAGIC.equals(fields[0])) {
            return null;
        }
        try {
            String nodeLine = fields[1];
            int extensions = nodeLine.indexOf('\t');
            Envelope envelope = new Envelope(Envelope.Kind.valueOf(fields[2]), Long.parseLong(fields[3]),
                    Long.parseLong(fields[4]), Long.parseLong(fields[5]), emptyToNull(fields[6]), emptyToNull(fields[7]),
                    Long.parseLong(fields[8]), message.substring(start), Long.parseLong(fields[9]),
                    extensions < 0 ? 0 : extension(nodeLine, extensions, VERSION),
                    extensions < 0 ? 0 : receivedAt(nodeLine, extensions));
            if (extensions < 0) {
                return new Wire(nodeLine, envelope);
            }
            return new Wire(nodeLine.substring(0, extensions), envelope, text(nodeLine, extensions, TRACE_PARENT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The extension {@code key} (a tab, its name and '=') of the node line, null when it has none. */
    private static String text(String nodeLine, int extensionsFrom, String key) {
        int at = nodeLine.indexOf(key, extensionsFrom);
        if (at < 0) {
            return null;
        }
        int from = at + key.length();
        int to = nodeLine.indexOf('\t', from);
        return to < 0 ? nodeLine.substring(from) : nodeLine.substring(from, to);
    }

    /** The numeric extension {@code key} of the node line, 0 when it has none. */
    private static long extension(String nodeLine, int extensionsFrom, String key) {
        String value = text(nodeLine, extensionsFrom, key);
        return value == null ? 0 : Long.parseLong(value);
    }

    /** The {@code received=} extension, 0 when absent or unreadable: a fact for metrics, never worth the event. */
    private static long receivedAt(String nodeLine, int extensionsFrom) {
        try {
            return extension(nodeLine, extensionsFrom, RECEIVED);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }
}
