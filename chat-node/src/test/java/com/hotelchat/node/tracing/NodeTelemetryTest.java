package com.hotelchat.node.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import com.hotelchat.bus.BusTracing;
import com.hotelchat.node.config.NodeConfig;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The node's own SDK, as production makes it from the OTEL_* variables, exporting to a collector stand-in. */
class NodeTelemetryTest {

    private record Export(String path, String contentType, String body) {}

    @Test
    void withoutAnEndpointNothingIsTracedOrWrapped() {
        NodeTelemetry off = NodeTelemetry.from(NodeConfig.from(Map.of("OTEL_SERVICE_NAME", "chat")));
        assertThat(off.enabled()).isFalse();
        assertThat(off.tracer()).isNull();
        assertThat(off.bus()).isSameAs(BusTracing.OFF);
        assertThat(off.commands()).isSameAs(CommandSpans.OFF);
        DataSource pool = new org.postgresql.ds.PGSimpleDataSource();
        assertThat(off.jdbc().apply(pool)).isSameAs(pool);
    }

    @Test
    void withAnEndpointSpansGoOutOverOtlpHttpNamedForTheNodeAndNoClientSpanWithoutAParent() throws Exception {
        Export export = exported(Map.of("CHAT_NODE_ID", "node-otlp"));
        assertThat(export.path()).isEqualTo("/v1/traces");
        assertThat(export.contentType()).isEqualTo("application/x-protobuf");
        assertThat(export.body()).contains("chat.text", "hotel-chat", "node-otlp").doesNotContain("orphan-statement");
    }

    @Test
    void theOperatorsServiceNameAndResourceAttributesWin() throws Exception {
        Export export = exported(Map.of("CHAT_NODE_ID", "node-otlp", "OTEL_SERVICE_NAME", "front-desk-chat",
                "OTEL_RESOURCE_ATTRIBUTES", "service.instance.id=pod-7,deployment.environment.name=staging"));
        assertThat(export.body()).contains("front-desk-chat", "pod-7", "staging")
                .doesNotContain("hotel-chat", "node-otlp");
    }

    /** What a node's SDK configured by {@code env} (plus an endpoint) sends a collector for two spans. */
    private static Export exported(Map<String, String> env) throws Exception {
        BlockingQueue<Export> exports = new LinkedBlockingQueue<>();
        HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/", exchange -> {
            try (exchange) {
                exports.add(new Export(exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders().getFirst("Content-Type"),
                        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.ISO_8859_1)));
                exchange.sendResponseHeaders(200, -1);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        collector.start();
        try {
            Map<String, String> variables = new HashMap<>(env);
            variables.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + collector.getAddress().getPort());
            try (NodeTelemetry telemetry = NodeTelemetry.from(NodeConfig.from(variables))) {
                assertThat(telemetry.enabled()).isTrue();
                telemetry.tracer().spanBuilder("orphan-statement").setSpanKind(SpanKind.CLIENT).startSpan().end();
                Span command = telemetry.tracer().spanBuilder("chat.text").setSpanKind(SpanKind.SERVER).startSpan();
                command.end();
            } // closing flushes
            Export export = exports.poll(10, TimeUnit.SECONDS);
            assertThat(export).isNotNull();
            assertThat(exports).isEmpty();
            return export;
        } finally {
            collector.stop(0);
        }
    }
}
