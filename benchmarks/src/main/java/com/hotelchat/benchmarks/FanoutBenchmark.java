package com.hotelchat.benchmarks;

import com.hotelchat.bus.Envelope;
import com.hotelchat.bus.Group;
import com.hotelchat.bus.InProcessBus;
import com.hotelchat.node.fanout.LocalHub;
import com.hotelchat.node.metrics.NodeMetrics;
import com.hotelchat.node.session.ClientSession;
import com.hotelchat.node.session.CommandRateLimiter;
import com.hotelchat.node.session.Connection;
import com.hotelchat.node.session.OutgoingQueue;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Our own cost of fanning one event out to every session of a department on one node: the hub, the delivery
 * rules and each session's outgoing queue, with a socket that completes every write at once (Tyrus's framing
 * and the network are measured by the load test, not here). Reported per event; divide by {@code sessions}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FanoutBenchmark {

    @Param({"50", "1000"})
    public int sessions;

    private InProcessBus bus;
    private Envelope update;
    private final Group department = Group.department("reception");

    /** A socket whose writes complete immediately. */
    private static final class InstantConnection implements Connection {
        @Override
        public void send(com.hotelchat.node.session.OutboundFrame frame, Consumer<Throwable> done) {
            frame.frame();
            done.accept(null);
        }

        @Override
        public void close(int code, String reason) {
        }
    }

    @Setup
    public void setUp() {
        bus = new InProcessBus();
        LocalHub hub = new LocalHub(bus, (conversation, after, upTo) -> List.of(), new NodeMetrics("bench"));
        for (int i = 0; i < sessions; i++) {
            ClientSession s = new ClientSession("s" + i, ClientSession.Kind.STAFF, i, "User " + i, Set.of("reception"),
                    new OutgoingQueue(new InstantConnection(), 1024), new CommandRateLimiter(30, System.nanoTime()));
            hub.register(s);
            hub.join(s, department);
        }
        update = Envelope.of(Envelope.Kind.NEW_MESSAGE, 42, "reception",
                "{\"type\":\"conversation_update\",\"data\":{\"type\":\"new_message\",\"data\":{\"conversation_id\":42}}}");
    }

    @Benchmark
    public void departmentUpdateToAllSessions() {
        bus.publish(department, update);
    }
}
