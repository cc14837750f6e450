package com.hotelchat.node.metrics;

import com.hotelchat.node.session.DeliveryTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * {@code chat_delivery_latency_seconds}: from a {@code text} received by the node that took it (a staff or a guest
 * socket) to each frame it caused written to a socket, on every node that writes one (the received-at time travels in
 * the bus envelope). Across nodes it includes the difference of their clocks; a negative result (a clock behind) counts
 * as 0.
 */
final class DeliveryLatency implements DeliveryTimer {

    private final Timer timer;

    DeliveryLatency(MeterRegistry registry) {
        timer = Timer.builder("chat_delivery_latency")
                .description("From a text received by a node to each frame it caused (message, new_message) written "
                        + "to a socket, on the node that wrote it")
                .serviceLevelObjectives(LatencyBuckets.DELIVERY)
                .register(registry);
    }

    @Override
    public void written(long receivedAtMicros) {
        timer.record(Math.max(0, EpochMicros.now() - receivedAtMicros), TimeUnit.MICROSECONDS);
    }
}
