package com.hotelchat.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Trace context across the Redis bus: carried only from inside a span of a tracing node, delivered in a linked span. */
class RedisBusTracingTest {

    private static TestRedis redis;

    @BeforeAll
    static void startRedis() {
        redis = TestRedis.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    private static OpenTelemetrySdk sdk(InMemorySpanExporter exporter) {
        return OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
                .build();
    }

    private static RedisBus bus(String prefix, String node, BusTracing tracing) {
        return new RedisBus(new RedisSettings(redis.url(), prefix, node, Duration.ofMillis(500)), tracing);
    }

    private static Envelope message(long id) {
        return new Envelope(Envelope.Kind.MESSAGE, 7, id, id - 1, "reception", null, 0, "{\"id\":" + id + "}");
    }

    private static SpanData named(InMemorySpanExporter exporter, String name) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> exporter.getFinishedSpanItems().stream().anyMatch(s -> s.getName().equals(name)));
        return exporter.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aPublishInsideASpanIsDeliveredOnTheOtherNodeInsideAChildSpanLinkedToIt() {
        InMemorySpanExporter aSpans = InMemorySpanExporter.create();
        InMemorySpanExporter bSpans = InMemorySpanExporter.create();
        try (OpenTelemetrySdk aSdk = sdk(aSpans); OpenTelemetrySdk bSdk = sdk(bSpans);
             RedisBus a = bus("tr1:", "a", BusTracing.with(aSdk)); RedisBus b = bus("tr1:", "b", BusTracing.with(bSdk))) {
            List<SpanContext> handledIn = new CopyOnWriteArrayList<>();
            b.subscribe(Group.conversation(7), e -> handledIn.add(Span.current().getSpanContext()));

            Span command = aSdk.getTracer("test").spanBuilder("command").startSpan();
            try (Scope scope = command.makeCurrent()) {
                a.publish(List.of(new Publication(Group.conversation(7), message(2)),
                        new Publication(Group.department("reception"), message(2))));
            } finally {
                command.end();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> !handledIn.isEmpty());

            SpanData publish = named(aSpans, "bus.publish");
            assertThat(publish.getKind()).isEqualTo(SpanKind.PRODUCER);
            assertThat(publish.getParentSpanId()).isEqualTo(command.getSpanContext().getSpanId());
            assertThat(publish.getAttributes().get(AttributeKey.longKey("messaging.batch.message_count"))).isEqualTo(2);
            SpanData redisPublish = named(aSpans, "PUBLISH");
            assertThat(redisPublish.getKind()).isEqualTo(SpanKind.CLIENT);
            assertThat(redisPublish.getParentSpanId()).isEqualTo(publish.getSpanId());
            assertThat(redisPublish.getAttributes().get(AttributeKey.stringKey("db.system.name"))).isEqualTo("redis");
            assertThat(redisPublish.getAttributes().get(AttributeKey.longKey("server.port"))).isEqualTo(redis.port());

            SpanData deliver = named(bSpans, "bus.deliver");
            assertThat(deliver.getKind()).isEqualTo(SpanKind.CONSUMER);
            assertThat(deliver.getTraceId()).isEqualTo(command.getSpanContext().getTraceId());
            assertThat(deliver.getParentSpanId()).isEqualTo(publish.getSpanId());
            assertThat(deliver.getLinks()).extracting(LinkData::getSpanContext)
                    .anySatisfy(linked -> assertThat(linked.getSpanId()).isEqualTo(publish.getSpanId()));
            assertThat(deliver.getAttributes().get(AttributeKey.longKey("chat.message.id"))).isEqualTo(2);
            assertThat(deliver.getAttributes().get(AttributeKey.stringKey("messaging.destination.name")))
                    .isEqualTo("tr1:conversation_7");
            assertThat(handledIn).first().isEqualTo(deliver.getSpanContext());
        }
    }

    @Test
    void nothingIsCarriedWhenTracingIsOffOrNoSpanIsCurrent() throws InterruptedException {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        BlockingQueue<String> raw = new LinkedBlockingQueue<>();
        RedisClient client = RedisClient.create(redis.url());
        try (OpenTelemetrySdk sdk = sdk(spans); StatefulRedisPubSubConnection<String, String> listener = client.connectPubSub();
             RedisBus off = bus("tr2:", "off", BusTracing.OFF); RedisBus traced = bus("tr2:", "traced", BusTracing.with(sdk))) {
            listener.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    raw.add(message);
                }
            });
            listener.sync().subscribe("tr2:conversation_7");

            Span span = sdk.getTracer("test").spanBuilder("command").startSpan();
            try (Scope scope = span.makeCurrent()) {
                off.publish(Group.conversation(7), message(1));
                traced.publish(Group.conversation(7), message(3));
            } finally {
                span.end();
            }
            traced.publish(Group.conversation(7), message(2));

            // Two connections publish: Redis may deliver their messages in either order.
            java.util.Map<String, String> nodeLines = new java.util.HashMap<>();
            for (int i = 0; i < 3; i++) {
                String wire = raw.poll(10, TimeUnit.SECONDS);
                assertThat(wire).isNotNull();
                nodeLines.put(wire.substring(wire.lastIndexOf('\n') + 1), wire.split("\n")[1]);
            }
            assertThat(nodeLines.get("{\"id\":1}")).isEqualTo("off");
            assertThat(nodeLines.get("{\"id\":3}")).startsWith("traced\ttp=00-" + span.getSpanContext().getTraceId());
            assertThat(nodeLines.get("{\"id\":2}")).isEqualTo("traced");
            // Only the publish inside the span was traced: its own span and its PUBLISH (one each), nothing for the other.
            await().atMost(Duration.ofSeconds(10)).until(() -> spans.getFinishedSpanItems().size() >= 3);
            assertThat(spans.getFinishedSpanItems()).extracting(SpanData::getName)
                    .containsExactlyInAnyOrder("command", "bus.publish", "PUBLISH");
        } finally {
            client.shutdown();
        }
    }
}
