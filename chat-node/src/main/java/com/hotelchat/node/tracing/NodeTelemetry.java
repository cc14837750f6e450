package com.hotelchat.node.tracing;

import com.hotelchat.bus.BusTracing;
import com.hotelchat.node.config.NodeConfig;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.instrumentation.jdbc.datasource.JdbcTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
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
    private static final String RESOURCE_ATTRIBUTES = "otel.resource.attributes";
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
                .addPropertiesCustomizer(properties -> named(properties, config.nodeId()))
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
     * The service is {@code hotel-chat} and each node an instance of it under its {@code CHAT_NODE_ID}, unless
     * {@code OTEL_SERVICE_NAME} or {@code OTEL_RESOURCE_ATTRIBUTES} say otherwise (the SDK's own defaults are
     * {@code unknown_service:java} and a random id per start).
     */
    private static Map<String, String> named(ConfigProperties properties, String nodeId) {
        Map<String, String> attributes = properties.getMap(RESOURCE_ATTRIBUTES);
        Map<String, String> named = new HashMap<>();
        if (properties.getString("otel.service.name") == null && !attributes.containsKey("service.name")) {
            named.put("otel.service.name", "hotel-chat");
        }
        if (!attributes.containsKey("service.instance.id")) {
            String given = properties.getString(RESOURCE_ATTRIBUTES);
            named.put(RESOURCE_ATTRIBUTES, "service.instance.id="
                    + URLEncoder.encode(nodeId, StandardCharsets.UTF_8).replace("+", "%20")
                    + (given == null || given.isBlank() ? "" : "," + given));
        }
        return named;
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
