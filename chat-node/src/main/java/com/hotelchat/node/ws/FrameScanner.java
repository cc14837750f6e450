package com.hotelchat.node.ws;

import org.glassfish.grizzly.Buffer;

/**
 * Follows the frame headers of one client-to-server WebSocket byte stream (RFC 6455 section 5.2) without keeping any
 * payload: it counts how many payload bytes each data message announces and skips them. The first frame that breaks a
 * limit yields a {@link Violation}; from then on the stream is condemned.
 */
final class FrameScanner {

    record Violation(int code, String reason) {}

    private static final int OP_CONTINUATION = 0x0;
    private static final int OP_TEXT = 0x1;
    private static final int OP_BINARY = 0x2;

    private final int maxMessageBytes;
    private final byte[] header = new byte[14];
    private int headerRead;
    private long payloadLeft;
    private long messageBytes;
    private Violation violation;

    FrameScanner(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    Violation violation() {
        return violation;
    }

    /** Scans {@code bytes[from, to)}; the buffer is left untouched. Null while every frame is within the limits. */
    Violation scan(Buffer bytes, int from, int to) {
        int at = from;
        while (violation == null && at < to) {
            if (payloadLeft > 0) {
                long skip = Math.min(payloadLeft, to - at);
                payloadLeft -= skip;
                at += (int) skip;
                continue;
            }
            header[headerRead++] = bytes.get(at++);
            if (headerRead >= 2 && headerRead == headerLength()) {
                violation = frame();
                headerRead = 0;
            }
        }
        return violation;
    }

    /** The full header length, known once its first two bytes are in. */
    private int headerLength() {
        int code = header[1] & 0x7f;
        int extended = code == 126 ? 2 : code == 127 ? 8 : 0;
        int mask = (header[1] & 0x80) != 0 ? 4 : 0;
        return 2 + extended + mask;
    }

    private Violation frame() {
        int opcode = header[0] & 0x0f;
        boolean fin = (header[0] & 0x80) != 0;
        long length = payloadLength();
        payloadLeft = length;
        if (opcode == OP_BINARY) {
            return new Violation(FrameLimitFilter.CLOSE_UNSUPPORTED_DATA, "Binary messages are not accepted");
        }
        if (opcode == OP_TEXT) {
            messageBytes = length;
        } else if (opcode == OP_CONTINUATION) {
            messageBytes += length;
        } else {
            return null; // control frames are at most 125 bytes; Tyrus checks them
        }
        if (length < 0 || messageBytes > maxMessageBytes) {
            return new Violation(FrameLimitFilter.CLOSE_TOO_BIG,
                    "Message too big: at most " + maxMessageBytes + " bytes");
        }
        if (fin) {
            messageBytes = 0;
        }
        return null;
    }

    private long payloadLength() {
        int code = header[1] & 0x7f;
        if (code < 126) {
            return code;
        }
        int bytes = code == 126 ? 2 : 8;
        long length = 0;
        for (int i = 0; i < bytes; i++) {
            length = (length << 8) | (header[2 + i] & 0xff);
        }
        return length;
    }
}
