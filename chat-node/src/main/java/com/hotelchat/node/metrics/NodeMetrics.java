package com.hotelchat.node.metrics;

import com.hotelchat.bus.Envelope;
import com.hotelchat.db.message.CommitListener;
import com.hotelchat.node.session.DeliveryTimer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The node's metrics, served on {@code /metrics} in Prometheus text format. Counters on the hot path are
 * created once and reused; everything else is read from its owner when scraped. Series that a dashboard or an alert
 * reads exist from the start, at 0.
 */
public final class NodeMetrics implements AutoCloseable {

    /** The kinds of {@link #error(String)}, registered at 0 so that their rates exist before the first one. */
    private static final String[] ERROR_KINDS = {"protocol", "internal", "flooding", "slow_consumer",
            "database_unavailable"};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<Envelope.Kind, Counter> delivered = new EnumMap<>(Envelope.Kind.class);
    private final Map<Envelope.Kind, Counter> superseded = new EnumMap<>(Envelope.Kind.class);
    private final Map<String, Counter> repaired = new ConcurrentHashMap<>();
    private final Map<String, Counter> commands = new ConcurrentHashMap<>();
    private final Map<String, Counter> errors = new ConcurrentHashMap<>();
    private final Timer fanout;
    private final DeliveryLatency deliveryLatency;
    private final CommitMetrics commits;
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public NodeMetrics(String nodeId) {
        registry.config().commonTags("node", nodeId);
        for (Envelope.Kind kind : Envelope.Kind.values()) {
            delivered.put(kind, Counter.builder("chat_events_delivered")
                    .description("Events written to client sessions, by kind")
                    .tag("kind", kind.name().toLowerCase()).register(registry));
            superseded.put(kind, Counter.builder("chat_events_superseded")
                    .description("Events not dispatched because the group's sessions had a newer version already, by kind")
                    .tag("kind", kind.name().toLowerCase()).register(registry));
        }
        fanout = Timer.builder("chat_fanout_latency")
                .description("From publish (right after commit) to hand-over to the local sessions' queues")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        deliveryLatency = new DeliveryLatency(registry);
        commits = new CommitMetrics(registry);
        for (String kind : ERROR_KINDS) {
            errorCounter(kind);
        }
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    public void command(String type) {
        commands.computeIfAbsent(type, t -> Counter.builder("chat_commands")
                .description("Client commands received, by type").tag("type", t).register(registry)).increment();
    }

    public void delivered(Envelope.Kind kind) {
        delivered.get(kind).increment();
    }

    /** Kinds: protocol (bad input), internal (a command failed), flooding, slow_consumer. */
    public void error(String kind) {
        errorCounter(kind).increment();
    }

    private Counter errorCounter(String kind) {
        return errors.computeIfAbsent(kind, k -> Counter.builder("chat_errors")
                .description("Errors by kind").tag("kind", k).register(registry));
    }

    /** Times each frame a text caused from the text's arrival to its write ({@code chat_delivery_latency_seconds}). */
    public DeliveryTimer deliveryLatency() {
        return deliveryLatency;
    }

    /** The group commit's waits, batches and refusals. */
    public CommitListener commits() {
        return commits;
    }

    /** A copy of an event older than one the group's sessions were given already (or the same one again). */
    public void superseded(Envelope.Kind kind) {
        superseded.get(kind).increment();
    }

    /**
     * Something committed that this node's sessions had not heard of, delivered from the database; {@code what}:
     * message (feeds filled), new_message, state, new_conversation, closed, transferred.
     */
    public void repaired(String what) {
        repaired.computeIfAbsent(what, w -> Counter.builder("chat_repairs")
                .description("Committed changes this node's sessions missed on the bus, delivered from the database")
                .tag("what", w).register(registry)).increment();
    }

    public void fanoutLatency(Envelope envelope) {
        long millis = System.currentTimeMillis() - envelope.publishedAtMillis();
        fanout.record(Math.max(0, millis), TimeUnit.MILLISECONDS);
    }

    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    public void counter(String name, String description, Supplier<Number> value) {
        FunctionCounter.builder(name, value, v -> v.get().doubleValue()).description(description).register(registry);
    }

    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
