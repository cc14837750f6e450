package com.hotelchat.bus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;

/**
 * The {@link BusContract} for {@link RedisBus} on some Redis: each test gets nodes of its own (a channel prefix of its
 * own on the shared server), probing every 200 ms, closed after it.
 */
abstract class RedisBusContract extends BusContract {

    private static final AtomicInteger PREFIXES = new AtomicInteger();
    protected final List<RedisBus> nodes = new ArrayList<>();
    protected final String prefix = "t" + PREFIXES.incrementAndGet() + ":";

    /** The Redis the nodes use. */
    protected abstract String url();

    @Override
    protected Bus node(int index) {
        while (nodes.size() <= index) {
            nodes.add(new RedisBus(new RedisSettings(url(), prefix, "node-" + nodes.size(), Duration.ofMillis(200))));
        }
        return nodes.get(index);
    }

    @AfterEach
    void closeNodes() {
        nodes.forEach(RedisBus::close);
    }

    protected static Envelope envelope(String payload) {
        return Envelope.of(Envelope.Kind.NEW_CONVERSATION, 1, "reception", payload);
    }
}
