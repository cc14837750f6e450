package com.hotelchat.node.session;

import java.nio.charset.StandardCharsets;

/**
 * One text message for client sockets: its JSON text and its WebSocket frame (RFC 6455: FIN, text opcode, length,
 * unmasked UTF-8 payload), built once on first use and then written as the same bytes to every socket that gets the
 * event, instead of being encoded again per session.
 */
public final class OutboundFrame {

    private final String text;
    private final long receivedAtMicros;
    private volatile byte[] frame;

    public OutboundFrame(String text) {
        this(text, 0);
    }

    /** An event a client's command caused, received at {@code receivedAtMicros} (0: none, not timed). */
    public OutboundFrame(String text, long receivedAtMicros) {
        this.text = text;
        this.receivedAtMicros = receivedAtMicros;
    }

    public String text() {
        return text;
    }

    /** When the command that caused this event was received (wall clock, epoch microseconds); 0: not timed. */
    public long receivedAtMicros() {
        return receivedAtMicros;
    }

    /** The frame bytes; callers must not modify them (they are shared). */
    public byte[] frame() {
        byte[] f = frame;
        if (f == null) {
            f = encode(text.getBytes(StandardCharsets.UTF_8));
            frame = f;
        }
        return f;
    }

    static byte[] encode(byte[] payload) {
        int n = payload.length;
        int header = n < 126 ? 2 : n <= 0xffff ? 4 : 10;
        byte[] f = new byte[header + n];
        f[0] = (byte) 0x81;
        if (n < 126) {
            f[1] = (byte) n;
        } else if (n <= 0xffff) {
            f[1] = 126;
            f[2] = (byte) (n >>> 8);
            f[3] = (byte) n;
        } else {
            f[1] = 127;
            for (int i = 0; i < 8; i++) {
                f[2 + i] = (byte) ((long) n >>> (8 * (7 - i)));
            }
        }
        System.arraycopy(payload, 0, f, header, n);
        return f;
    }
}
