package com.hotelchat.node.session;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The frames waiting for one socket, written one at a time in enqueue order. A reader too slow to keep up
 * never slows anyone else: when its backlog passes the limit the session is closed with 1013 (try again later)
 * and the client resumes from its last message id.
 */
public final class OutgoingQueue {

    public static final int CLOSE_TRY_AGAIN_LATER = 1013;

    private final Connection connection;
    private final int limit;
    private final Runnable onOverflow;
    private final DeliveryTimer timer;
    private final Queue<OutboundFrame> frames = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicBoolean writing = new AtomicBoolean();
    private volatile boolean closed;

    public OutgoingQueue(Connection connection, int limit) {
        this(connection, limit, () -> { });
    }

    /** {@code onOverflow} runs once when the queue overflows and the session is closed for it. */
    public OutgoingQueue(Connection connection, int limit, Runnable onOverflow) {
        this(connection, limit, onOverflow, DeliveryTimer.NONE);
    }

    /** {@code timer} is told of every written frame a client's command caused (the delivery latency). */
    public OutgoingQueue(Connection connection, int limit, Runnable onOverflow, DeliveryTimer timer) {
        this.connection = connection;
        this.limit = limit;
        this.onOverflow = onOverflow;
        this.timer = timer;
    }

    public boolean offer(String text) {
        return offer(new OutboundFrame(text));
    }

    /** False when the frame was refused because the session is closed or just overflowed. */
    public boolean offer(OutboundFrame frame) {
        if (closed) {
            return false;
        }
        if (size.incrementAndGet() > limit) {
            size.decrementAndGet();
            closed = true;
            frames.clear();
            onOverflow.run();
            connection.close(CLOSE_TRY_AGAIN_LATER, "Too slow: outgoing queue overflowed, reconnect and resume");
            return false;
        }
        frames.add(frame);
        writeNext();
        return true;
    }

    public int backlog() {
        return size.get();
    }

    public boolean isClosed() {
        return closed;
    }

    /** Closes the socket; what is still queued is dropped (the client resumes from its last message id). */
    public void close(int code, String reason) {
        markClosed();
        connection.close(code, reason);
    }

    public void markClosed() {
        closed = true;
        frames.clear();
    }

    /**
     * Writes queued frames one at a time. A write that completes on the calling thread continues this loop instead
     * of recursing, so a long backlog on a fast socket cannot grow the stack.
     */
    private void writeNext() {
        while (!closed && !frames.isEmpty() && writing.compareAndSet(false, true)) {
            OutboundFrame frame = frames.poll();
            if (frame == null) {
                writing.set(false);
                continue;
            }
            // 0: in flight; 1: send returned first (the callback continues); 2: completed inline (we continue).
            AtomicInteger handOff = new AtomicInteger();
            connection.send(frame, failure -> {
                size.decrementAndGet();
                writing.set(false);
                if (failure != null) {
                    markClosed();
                    return;
                }
                if (frame.receivedAtMicros() != 0) {
                    timer.written(frame.receivedAtMicros());
                }
                if (!handOff.compareAndSet(0, 2)) {
                    writeNext();
                }
            });
            if (handOff.compareAndSet(0, 1)) {
                return;
            }
        }
    }
}
