package com.hotelchat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotelchat.bus.TestRedis;
import com.hotelchat.node.config.NodeConfig;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.File;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A rolling upgrade with real old code: the previous release (CHANGELOG.md names its commit; {@link PreviousRelease}
 * builds it) serves on a database and a Redis, this code starts beside it (its migrations run under the old node),
 * both serve the same conversations while staff on both write, then the old node drains (SIGTERM). Nothing is lost or
 * stored twice, every session sees every message once and in order, across the versions and across its move. The new
 * node traces, so its envelopes carry a trace context (the {@code tp=} extension) that the old node must read past.
 */
class RollingUpgradeTest {

    /** Sends per sender; each sender writes into both conversations in turn. */
    private static final int SENDS = 60;
    /** The old node is told to drain once each sender has had this many sends answered. */
    private static final int DRAIN_AFTER = 20;

    @Test
    void thePreviousReleaseAndThisOneServeSideBySideThenTheOldOneDrainsWithNothingLostOrRepeated() throws Exception {
        java.nio.file.Path oldJar = PreviousRelease.jar();
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        try (ClusterFixture cluster = new ClusterFixture(0);
             OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                     .addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build()) {
            Map<String, String> oldEnv = cluster.environment("old-node");
            oldEnv.put("CHAT_DRAIN_GRACE_MS", "1500");
            File oldLog = Files.createTempFile("rolling-upgrade-old-node", ".log").toFile();
            NodeProcess old = NodeProcess.startJar(oldJar, oldEnv, TestRedis.freePort(), oldLog);
            ChatNode fresh = null;
            try {
                Api oldApi = new Api(old.port);
                String admin = oldApi.adminToken();
                oldApi.department(admin, "reception");
                // This release starts on the database the old node serves: its migrations run under it.
                fresh = ChatNode.start(NodeConfig.from(cluster.environment("new-node")), sdk);
                Api newApi = new Api(fresh.port());
                run(cluster, old, oldApi, newApi, fresh.port(), oldLog);
                assertThat(spans.getFinishedSpanItems()).extracting(SpanData::getName).contains("bus.publish");
            } finally {
                old.kill();
                if (fresh != null) {
                    fresh.close();
                }
            }
        }
    }

    private static void run(ClusterFixture cluster, NodeProcess old, Api oldApi, Api newApi, int newPort, File oldLog)
            throws Exception {
        String admin = newApi.adminToken();
        long oldSenderId = newApi.staff(admin, "ru_old_sender", "Ru_old_sender Test", List.of("reception"));
        String oldSender = oldApi.loginStaff("ru_old_sender");
        // made through the old node: either release's accounts log in on the other
        oldApi.staff(oldApi.adminToken(), "ru_old_reader", "Ru_old_reader Test", List.of("reception"));
        String oldReader = newApi.loginStaff("ru_old_reader");
        long newSenderId = newApi.staff(admin, "ru_new_sender", "Ru_new_sender Test", List.of("reception"));
        String newSender = newApi.loginStaff("ru_new_sender");
        newApi.staff(admin, "ru_new_reader", "Ru_new_reader Test", List.of("reception"));
        String newReader = newApi.loginStaff("ru_new_reader");
        long[] conversations = {
                oldApi.conversation(oldSender, "reception", "+17771000001", "Old Node Guest"),
                newApi.conversation(newSender, "reception", "+17771000002", "New Node Guest")};

        // Presence across versions: each side hears the other's staff come online.
        WsClient newWatch = WsClient.connect(newPort, newReader);
        newWatch.roundTrip();
        WsClient oldSide = WsClient.connect(old.port, oldReader);
        WsClient oldWrite = WsClient.connect(old.port, oldSender);
        newWatch.await("user_status", e -> e.path("data").path("user_name").asText().equals("Ru_old_reader Test")
                && e.path("data").path("is_online").asBoolean(true));
        oldWrite.roundTrip();
        WsClient newWrite = WsClient.connect(newPort, newSender);
        oldSide.await("user_status", e -> e.path("data").path("user_name").asText().equals("Ru_new_sender Test")
                && e.path("data").path("is_online").asBoolean(true));
        // Presence entries in Redis, written by either release, are read by the other.
        assertThat(onlineNames(newApi, newReader)).contains("Ru_old_reader Test", "Ru_old_sender Test");
        assertThat(onlineNames(oldApi, oldReader)).contains("Ru_new_reader Test", "Ru_new_sender Test");
        for (WsClient c : List.of(newWatch, oldSide, oldWrite, newWrite)) {
            for (long conversation : conversations) {
                c.subscribe(conversation);
            }
        }

        // Desk changes across versions: an assignment made on either node reaches the other node's session.
        assertAssignmentReaches(oldApi, oldSender, oldSenderId, conversations[0], newWatch);
        assertAssignmentReaches(newApi, newSender, newSenderId, conversations[1], oldSide);

        CountDownLatch drainPoint = new CountDownLatch(2);
        Map<String, Long> answered = new ConcurrentHashMap<>();
        Sender fromOld = new Sender("old", oldWrite, newPort, oldSender, conversations, answered, drainPoint);
        Sender fromNew = new Sender("new", newWrite, newPort, newSender, conversations, answered, drainPoint);
        Thread a = Thread.ofVirtual().start(fromOld);
        Thread b = Thread.ofVirtual().start(fromNew);
        assertTrue(drainPoint.await(60, TimeUnit.SECONDS), "both senders got under way");
        old.terminate();

        // The old node's reader is closed with 1012 (service restart) and resumes on the new node where it left off.
        assertEquals(1012, oldSide.awaitClose(), "sessions of the draining old node are closed with 1012");
        WsClient resumed = WsClient.connect(newPort, oldReader);
        for (long conversation : conversations) {
            long last = idsIn(oldSide, conversation).stream().mapToLong(Long::longValue).max().orElse(0);
            resumed.send("{\"type\":\"subscribe_conversation\",\"conversation_id\":" + conversation
                    + ",\"last_message_id\":" + last + "}");
        }
        a.join(Duration.ofSeconds(120));
        b.join(Duration.ofSeconds(120));
        assertThat(fromOld.failure).as("the old node's sender").isNull();
        assertThat(fromNew.failure).as("the new node's sender").isNull();
        assertTrue(old.waitForExit(30), "the old node exits after draining; its log: " + oldLog);
        assertThat(answered).hasSize(2 * SENDS);

        for (long conversation : conversations) {
            List<Long> stored = newApi.storedIds(newSender, conversation);
            List<JsonNode> texts = storedTexts(newApi, newSender, conversation);
            assertEquals(texts.size(), new HashSet<>(texts.stream().map(m -> m.path("content").asText()).toList()).size(),
                    "no text stored twice in conversation " + conversation);
            assertEquals(SENDS, texts.size(), "every send stored once in conversation " + conversation);
            for (WsClient c : List.of(newWatch, newWrite)) {
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> idsIn(c, conversation).size() >= stored.size());
                assertEquals(stored, idsIn(c, conversation), "a session of the new node, conversation " + conversation);
            }
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(
                    () -> idsIn(oldSide, conversation).size() + idsIn(resumed, conversation).size() >= stored.size());
            List<Long> acrossTheMove = new ArrayList<>(idsIn(oldSide, conversation));
            acrossTheMove.addAll(idsIn(resumed, conversation));
            assertEquals(stored, acrossTheMove,
                    "the old node's session, then its resumption on the new node, conversation " + conversation);
        }
        for (WsClient c : List.of(newWatch, newWrite, resumed, fromOld.current())) {
            c.close();
        }
    }

    /** Assigns the conversation to its caller through {@code api}'s node; {@code elsewhere} hears of it. */
    private static void assertAssignmentReaches(Api api, String token, long staffId, long conversation,
                                                WsClient elsewhere) {
        Api.Reply assigned = api.post("/chat/conversations/" + conversation + "/assign/", token,
                "{\"user_id\":" + staffId + "}");
        assertEquals(200, assigned.status(), assigned.toString());
        elsewhere.await("conversation_assigned", e -> e.path("data").path("conversation_id").asLong() == conversation
                && e.path("data").path("assignee").path("id").asLong() == staffId);
    }

    /** Who the node says is online (GET /chat/presence/). */
    private static List<String> onlineNames(Api api, String token) {
        Api.Reply reply = api.get("/chat/presence/", token);
        assertEquals(200, reply.status(), reply.toString());
        List<String> names = new ArrayList<>();
        reply.body().path("online").forEach(u -> names.add(u.path("user_name").asText()));
        return names;
    }

    /** The ids of the {@code message} events of one conversation the client received, in order. */
    private static List<Long> idsIn(WsClient client, long conversation) {
        return client.history().stream().filter(e -> e.path("type").asText().equals("message")
                        && e.path("data").path("conversation_id").asLong() == conversation)
                .map(e -> e.path("data").path("id").asLong()).toList();
    }

    /** The conversation's stored messages that are the senders' texts (the timeline's entries left out). */
    private static List<JsonNode> storedTexts(Api api, String token, long conversation) {
        return api.storedMessages(token, conversation).stream()
                .filter(m -> m.path("content").asText().startsWith("ru|")).toList();
    }

    /**
     * Sends {@link #SENDS} texts, each with its own client_message_id, into the conversations in turn, one at a time:
     * the next goes when this one's message came back. When its node drains the socket closes; it reconnects to the
     * new node and sends the unanswered one again with the same id (stored once either way).
     */
    private static final class Sender implements Runnable {
        private final String name;
        private final int fallbackPort;
        private final String token;
        private final long[] conversations;
        private final Map<String, Long> answered;
        private final CountDownLatch drainPoint;
        private volatile WsClient client;
        private volatile Throwable failure;

        Sender(String name, WsClient client, int fallbackPort, String token, long[] conversations,
               Map<String, Long> answered, CountDownLatch drainPoint) {
            this.name = name;
            this.client = client;
            this.fallbackPort = fallbackPort;
            this.token = token;
            this.conversations = conversations;
            this.answered = answered;
            this.drainPoint = drainPoint;
        }

        WsClient current() {
            return client;
        }

        @Override
        public void run() {
            try {
                for (int i = 0; i < SENDS; i++) {
                    long conversation = conversations[i % conversations.length];
                    String id = name + "-" + i;
                    answered.put(id, sendUntilAnswered(conversation, id, "ru|" + id));
                    if (i + 1 == DRAIN_AFTER) {
                        drainPoint.countDown();
                    }
                    Thread.sleep(25);
                }
            } catch (Throwable t) {
                failure = t;
            }
        }

        private long sendUntilAnswered(long conversation, String clientMessageId, String content) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                WsClient c = client;
                if (!c.isClosed()) {
                    try {
                        c.send("{\"type\":\"text\",\"conversation_id\":" + conversation + ",\"content\":"
                                + Api.quote(content) + ",\"client_message_id\":\"" + clientMessageId + "\"}");
                    } catch (RuntimeException closedMeanwhile) {
                        // the drain closed the socket under the send: the retry below decides
                    }
                }
                long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (System.nanoTime() < waitUntil && !c.isClosed()) {
                    java.util.Optional<JsonNode> mine = c.history().stream().filter(e -> e.path("type").asText()
                            .equals("message") && e.path("data").path("content").asText().equals(content)).findFirst();
                    if (mine.isPresent()) {
                        return mine.get().path("data").path("id").asLong();
                    }
                    sleep(5);
                }
                if (c.isClosed()) {
                    WsClient again = WsClient.connect(fallbackPort, token);
                    for (long each : conversations) {
                        again.subscribe(each);
                    }
                    client = again;
                }
            }
            throw new AssertionError(name + ": no answer to " + clientMessageId + " within a minute");
        }

        private static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
