package com.hotelchat.node.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class OutgoingQueueTest {

    /** A socket that completes every write on the calling thread, like a fast local connection. */
    private static final class InlineConnection implements Connection {
        final List<String> written = new ArrayList<>();
        Integer closedWith;

        @Override
        public void send(OutboundFrame frame, Consumer<Throwable> done) {
            written.add(frame.text());
            done.accept(null);
        }

        @Override
        public void close(int code, String reason) {
            closedWith = code;
        }
    }

    /** Completes writes only when told to, like a socket whose reader is slow. */
    private static final class HeldConnection implements Connection {
        final List<Consumer<Throwable>> pending = new ArrayList<>();
        final List<String> written = new ArrayList<>();
        Integer closedWith;

        @Override
        public void send(OutboundFrame frame, Consumer<Throwable> done) {
            written.add(frame.text());
            pending.add(done);
        }

        @Override
        public void close(int code, String reason) {
            closedWith = code;
        }

        void completeOne() {
            pending.remove(0).accept(null);
        }
    }

    @Test
    void framesAreWrittenInOrderOneAtATime() {
        HeldConnection socket = new HeldConnection();
        OutgoingQueue queue = new OutgoingQueue(socket, 100);
        for (int i = 0; i < 5; i++) {
            queue.offer("f" + i);
        }
        assertThat(socket.written).containsExactly("f0");
        while (!socket.pending.isEmpty()) {
            socket.completeOne();
        }
        assertThat(socket.written).containsExactly("f0", "f1", "f2", "f3", "f4");
        assertThat(queue.backlog()).isZero();
    }

    @Test
    void aFrameACommandCausedIsTimedWhenItsWriteCompletesAndNoOtherIs() {
        HeldConnection socket = new HeldConnection();
        List<Long> timed = new ArrayList<>();
        OutgoingQueue queue = new OutgoingQueue(socket, 100, () -> { }, timed::add);
        queue.offer(new OutboundFrame("caused", 1_700_000_000_000_001L));
        queue.offer("not caused by a command");
        queue.offer(new OutboundFrame("caused, never written", 7));
        assertThat(timed).isEmpty();
        socket.completeOne();
        assertThat(timed).containsExactly(1_700_000_000_000_001L);
        socket.completeOne();
        socket.pending.remove(0).accept(new java.io.IOException("reset by peer"));
        assertThat(timed).containsExactly(1_700_000_000_000_001L);
    }

    @Test
    void inlineCompletionsDoNotGrowTheStack() {
        InlineConnection socket = new InlineConnection();
        HeldConnection gate = new HeldConnection();
        // Queue a long backlog behind one held write, then release it on a socket that completes inline.
        OutgoingQueue queue = new OutgoingQueue(new Connection() {
            boolean first = true;

            @Override
            public void send(OutboundFrame frame, Consumer<Throwable> done) {
                if (first) {
                    first = false;
                    gate.send(frame, done);
                } else {
                    socket.send(frame, done);
                }
            }

            @Override
            public void close(int code, String reason) {
                socket.close(code, reason);
            }
        }, 1_000_000);
        for (int i = 0; i < 200_000; i++) {
            queue.offer("f" + i);
        }
        gate.completeOne();
        assertThat(socket.written).hasSize(199_999);
        assertThat(socket.written.get(socket.written.size() - 1)).isEqualTo("f199999");
    }

    @Test
    void overflowClosesWith1013AndRefusesMore() {
        HeldConnection socket = new HeldConnection();
        int[] overflows = {0};
        OutgoingQueue queue = new OutgoingQueue(socket, 3, () -> overflows[0]++);
        assertThat(queue.offer("a")).isTrue();
        assertThat(queue.offer("b")).isTrue();
        assertThat(queue.offer("c")).isTrue();
        assertThat(queue.offer("d")).isFalse();
        assertThat(socket.closedWith).isEqualTo(OutgoingQueue.CLOSE_TRY_AGAIN_LATER);
        assertThat(overflows[0]).isEqualTo(1);
        assertThat(queue.offer("e")).isFalse();
    }
}
