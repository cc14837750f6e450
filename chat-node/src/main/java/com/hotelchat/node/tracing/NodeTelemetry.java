package com.hotelchat.node.tracing;

import com.hotelchat.bus.BusTracing;
import com.hotelchat.node.config.NodeConfig;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.instrumentation.jdbc.datasource.JdbcTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import java.util.Map;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * The node's traces: off (nothing recorded, nothing carried, no wrapper anywhere) unless the configuration turns them on
 * ({@link com.hotelchat.node.config.TracingConfig}); then an OpenTelemetry SDK configured from the {@code OTEL_*}
 * variables exports spans over OTLP. What is traced: a staff or guest text from its receipt to its publish
 * ({@link CommandSpans}), the group commit it waited for and its statements, its publish and Redis commands, and each
 * node's delivery of it ({@link BusTracing}).
 */
public final class NodeTelemetry implements AutoCloseable {

    /** Nothing traced. */
    public static final NodeTelemetry OFF = new NodeTelemetry(null, null);

    static final String SCOPE = "com.hotelchat.node";
    private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
    private static final AttributeKey<String> SERVICE_INSTANCE = AttributeKey.stringKey("service.instance.id");
    /**
     * Only traces (the node's metrics are Prometheus's, {@code /metrics}, and its logs go to standard output), over
     * OTLP/HTTP: the SDK's own default is gRPC, whose transport the node does not ship.
     */
    private static final Map<String, String> DEFAULTS = Map.of(
            "otel.metrics.exporter", "none",
            "otel.logs.exporter", "none",
            "otel.exporter.otlp.protocol", "http/protobuf");

    /** Null: off. */
    private final OpenTelemetry openTelemetry;
    /** What {@link #close()} shuts down (flushing what is not exported yet); null when the caller owns the SDK. */
    private final OpenTelemetrySdk owned;

    private NodeTelemetry(OpenTelemetry openTelemetry, OpenTelemetrySdk owned) {
        this.openTelemetry = openTelemetry;
        this.owned = owned;
    }

    /** From the configuration: {@link #OFF}, or an SDK this object owns. */
    public static NodeTelemetry from(NodeConfig config) {
        if (!config.tracing().enabled()) {
            return OFF;
        }
        OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> DEFAULTS)
                .addPropertiesSupplier(() -> config.tracing().properties())
                .addSamplerCustomizer((configured, properties) -> new ClientSpansInTraces(configured))
                .addResourceCustomizer((resource, properties) -> named(resource, config.nodeId(),
                        properties.getMap("otel.resource.attributes").containsKey(SERVICE_INSTANCE.getKey())))
                .disableShutdownHook() // closed with the node, after its drain
                .build()
                .getOpenTelemetrySdk();
        return new NodeTelemetry(sdk, sdk);
    }

    /** Traces into an SDK the caller made and closes (tests). */
    public static NodeTelemetry with(OpenTelemetry openTelemetry) {
        return new NodeTelemetry(openTelemetry, null);
    }

    /**
     * {@code hotel-chat} unless named otherwise; each node is an instance under its {@code CHAT_NODE_ID}, unless
     * {@code OTEL_RESOURCE_ATTRIBUTES} names it (the SDK's own default is a random id per start).
     */
    private static Resource named(Resource resource, String nodeId, boolean instanceNamed) {
        var named = resource.toBuilder();
        String service = resource.getAttribute(SERVICE_NAME);
        if (service == null || service.startsWith("unknown_service")) {
            named.put(SERVICE_NAME, "hotel-chat");
        }
        if (!instanceNamed) {
            named.put(SERVICE_INSTANCE, nodeId);
        }
        return named.build();
    }

    public boolean enabled() {
        return openTelemetry != null;
    }

    /** The node's tracer, or null when off. */
    public Tracer tracer() {
        return openTelemetry == null ? null : openTelemetry.getTracer(SCOPE);
    }

    public CommandSpans commands() {
        return openTelemetry == null ? CommandSpans.OFF : new CommandSpans(tracer());
    }

    public BusTracing bus() {
        return openTelemetry == null ? BusTracing.OFF : BusTracing.with(openTelemetry);
    }

    /** A span per statement (children of the span current on the thread), or the pool as it is when off. */
    public UnaryOperator<DataSource> jdbc() {
        if (openTelemetry == null) {
            return UnaryOperator.identity();
        }
        JdbcTelemetry jdbc = JdbcTelemetry.create(openTelemetry);
        return jdbc::wrap;
    }

    @Override
    public void close() {
        if (owned != null) {
            owned.close();
        }
    }
}
