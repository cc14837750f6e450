package com.hotelchat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotelchat.node.tracing.ClientSpansInTraces;
import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Traces across two real nodes (real Redis, real PostgreSQL, real WebSockets), each exporting into its own in-memory
 * exporter: a text's span tree on the node that received it, and the other node's delivery in the same trace, linked.
 */
class TracesTest {

    private static final InMemorySpanExporter A = InMemorySpanExporter.create();
    private static final InMemorySpanExporter B = InMemorySpanExporter.create();
    private static final List<OpenTelemetrySdk> SDKS = new ArrayList<>();
    private static ClusterFixture cluster;

    @BeforeAll
    static void start() {
        cluster = ClusterFixture.traced(List.of(sdk(A), sdk(B)));
    }

    /** As the node's own SDK samples: every trace, but no CLIENT span outside one. */
    private static OpenTelemetry sdk(InMemorySpanExporter exporter) {
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .setSampler(new ClientSpansInTraces(Sampler.parentBased(Sampler.alwaysOn())))
                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()).build();
        SDKS.add(sdk);
        return sdk;
    }

    @AfterAll
    static void stop() {
        cluster.close();
        SDKS.forEach(OpenTelemetrySdk::close);
    }

    @BeforeEach
    void forgetEarlierSpans() {
        A.reset();
        B.reset();
    }

    private static SpanData span(InMemorySpanExporter exporter, Predicate<SpanData> match) {
        await().atMost(Duration.ofSeconds(10)).until(() -> exporter.getFinishedSpanItems().stream().anyMatch(match));
        return exporter.getFinishedSpanItems().stream().filter(match).findFirst().orElseThrow();
    }

    private static Predicate<SpanData> named(String name) {
        return s -> s.getName().equals(name);
    }

    private static Predicate<SpanData> childOf(SpanData parent) {
        return s -> s.getParentSpanId().equals(parent.getSpanId());
    }

    private static boolean content(JsonNode e, String text) {
        return e.path("data").path("content").asText().equals(text);
    }

    @Test
    void aStaffTextIsOneTraceFromItsCommandThroughCommitAndPublishToTheOtherNodesDelivery() {
        try (ClusterFixture.SubscribedPair pair = cluster.subscribedPair("tr", 0, 1)) {
            forgetEarlierSpans();
            pair.first().text(pair.conversation(), "traced hello");
            long id = pair.second().await("message", e -> content(e, "traced hello")).path("data").path("id").asLong();

            SpanData text = span(A, named("chat.text"));
            assertThat(text.getKind()).isEqualTo(SpanKind.SERVER);
            assertThat(text.getParentSpanContext().isValid()).isFalse();
            assertThat(text.getAttributes().get(AttributeKey.longKey("chat.conversation.id"))).isEqualTo(pair.conversation());
            assertThat(text.getAttributes().get(AttributeKey.stringKey("chat.outcome"))).isEqualTo("Appended");
            assertThat(text.getAttributes().get(AttributeKey.longKey("chat.message.id"))).isEqualTo(id);
            String trace = text.getTraceId();

            SpanData commit = span(A, named("group_commit").and(childOf(text)));
            assertThat(commit.getAttributes().get(AttributeKey.longKey("chat.batch.size"))).isEqualTo(1);
            SpanData statement = span(A, childOf(commit));
            assertThat(statement.getKind()).isEqualTo(SpanKind.CLIENT);
            assertThat(statement.getAttributes().asMap()).anySatisfy((key, value) -> {
                assertThat(key.getKey()).isIn("db.system", "db.system.name"); // the old and the stable conventions
                assertThat(value).isEqualTo("postgresql");
            });

            SpanData publish = span(A, named("bus.publish").and(childOf(text)));
            assertThat(publish.getKind()).isEqualTo(SpanKind.PRODUCER);
            SpanData redis = span(A, named("PUBLISH").and(childOf(publish)));
            assertThat(redis.getKind()).isEqualTo(SpanKind.CLIENT);

            SpanData deliver = span(B, named("bus.deliver").and(s -> s.getAttributes()
                    .get(AttributeKey.stringKey("messaging.destination.name")).equals("conversation_" + pair.conversation())));
            assertThat(deliver.getKind()).isEqualTo(SpanKind.CONSUMER);
            assertThat(deliver.getTraceId()).isEqualTo(trace);
            assertThat(deliver.getParentSpanId()).isEqualTo(publish.getSpanId());
            assertThat(deliver.getLinks()).extracting(LinkData::getSpanContext)
                    .anySatisfy(linked -> assertThat(linked.getSpanId()).isEqualTo(publish.getSpanId()));
            assertThat(deliver.getAttributes().get(AttributeKey.longKey("chat.message.id"))).isEqualTo(id);

            // Nothing else made a trace of its own meanwhile: the nodes' background statements and Redis commands
            // (repair, presence, the probe) are not traced outside a command.
            assertThat(A.getFinishedSpanItems()).extracting(SpanData::getTraceId).containsOnly(trace);
            assertThat(B.getFinishedSpanItems()).extracting(SpanData::getTraceId).containsOnly(trace);
        }
    }

    @Test
    void aGuestsWebChatTextIsTracedToTheDesksNode() {
        String alice = cluster.user("trg_alice", "reception");
        long conversation = cluster.conversation(alice, "reception");
        String guestToken = cluster.api.guestToken(alice, conversation);
        try (WsClient desk = cluster.connect(0, alice);
             WsClient guest = WsClient.guest(cluster.nodes.get(1).port(), guestToken, null)) {
            desk.subscribe(conversation);
            forgetEarlierSpans();
            guest.send("{\"type\":\"text\",\"content\":\"traced from the room\"}");
            desk.await("message", e -> content(e, "traced from the room"));

            SpanData text = span(B, named("chat.guest_text"));
            assertThat(text.getAttributes().get(AttributeKey.stringKey("chat.outcome"))).isEqualTo("Appended");
            span(B, named("group_commit").and(childOf(text)));
            SpanData publish = span(B, named("bus.publish").and(childOf(text)));
            SpanData deliver = span(A, named("bus.deliver").and(childOf(publish)));
            assertThat(deliver.getTraceId()).isEqualTo(text.getTraceId());
        }
    }

    @Test
    void aNodeThatDoesNotTraceCarriesNoTraceContextOnTheBus() throws InterruptedException {
        ChatNode untraced = TestNode.start(cluster.environment("node-untraced"));
        BlockingQueue<String> raw = new LinkedBlockingQueue<>();
        RedisClient client = RedisClient.create(cluster.redis.url());
        String alice = cluster.user("tru_alice", "reception");
        long conversation = cluster.conversation(alice, "reception");
        try (StatefulRedisPubSubConnection<String, String> listener = client.connectPubSub();
             WsClient viaUntraced = WsClient.connect(untraced.port(), alice);
             WsClient viaTraced = cluster.connect(0, alice)) {
            listener.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    raw.add(message);
                }
            });
            listener.sync().subscribe("conversation_" + conversation);
            viaUntraced.subscribe(conversation);
            viaUntraced.text(conversation, "not traced");
            viaUntraced.await("message", e -> content(e, "not traced"));
            viaTraced.text(conversation, "traced");
            viaUntraced.await("message", e -> content(e, "traced"));

            // Two nodes publish: Redis may deliver their messages in either order.
            java.util.Map<String, String> nodeLines = new java.util.HashMap<>();
            for (int i = 0; i < 2; i++) {
                String wire = raw.poll(10, TimeUnit.SECONDS);
                assertThat(wire).isNotNull();
                nodeLines.put(wire.contains("\"content\":\"not traced\"") ? "not traced" : "traced", wire.split("\n")[1]);
            }
            assertThat(nodeLines.get("not traced")).startsWith("node-untraced").doesNotContain("\ttp=");
            assertThat(nodeLines.get("traced")).startsWith("node-0\t").contains("\ttp=00-");
        } finally {
            client.shutdown();
            untraced.close();
        }
    }
}
