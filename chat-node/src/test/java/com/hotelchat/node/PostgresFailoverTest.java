package com.hotelchat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotelchat.db.EmbeddedPostgresServer;
import com.hotelchat.db.ReplicatedPostgres;
import com.hotelchat.node.chat.ChatService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The primary of a PostgreSQL with a synchronous streaming replica killed with SIGKILL under traffic, and the replica
 * promoted a few seconds later, as a failover manager does: the nodes (given both hosts) find the new primary by
 * themselves, every send during the switch is answered (its message, or an error it retries with the same
 * client_message_id: node 0 waits for the database longer than the switch takes and answers with the message, node 1
 * waits only a second and answers with the error), every message
 * acknowledged before the kill is there after it, every subscriber gets every committed message once and in order, and
 * the desk's timers and the WhatsApp outbox carry on (a snooze that ran out meanwhile ends once, a reply sent during
 * the switch goes to WhatsApp once). Prints the time to recover.
 */
class PostgresFailoverTest {

    private static final int CONVERSATIONS = 4;
    /** Every sender sends one message this often, each after the previous one was answered. */
    private static final long SEND_PERIOD_MILLIS = 100;
    /** Messages each conversation gets committed after the promotion before the senders stop. */
    private static final int AFTER_PROMOTION = 10;
    private static final Duration ANSWER_WAIT = Duration.ofSeconds(30);
    /** How long the failover manager takes to decide, here: between the kill and the promotion. */
    private static final long PROMOTION_DELAY_MILLIS = 3_000;

    /** One send: first sent, answered with its message (acknowledged), how many attempts, which errors. */
    private record Send(String conversationKey, String clientMessageId, long firstSentAt, long ackedAt, long messageId,
                        int attempts, List<String> errors) {}

    @Test
    void aPrimaryKilledUnderTrafficIsReplacedByThePromotedReplicaWithNothingLostOrRepeated() throws Exception {
        try (ReplicatedPostgres pg = ReplicatedPostgres.start("chat");
             FakeCloudApi cloud = new FakeCloudApi();
             ClusterFixture cluster = new ClusterFixture(0)) {
            List<ChatNode> nodes = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    Map<String, String> env = cluster.environment("pg-node-" + i);
                    env.put("CHAT_DB_URL", pg.url());
                    env.put("CHAT_DB_USER", "postgres");
                    env.put("CHAT_DB_PASSWORD", "postgres");
                    env.put("CHAT_DESK_TICK_MS", "200");
                    if (i == 1) {
                        env.put("CHAT_DB_FAILOVER_WAIT_MS", "1000");
                    }
                    env.putAll(cloud.nodeEnvironment());
                    nodes.add(TestNode.start(env));
                }
                run(pg, cloud, nodes);
            } finally {
                nodes.forEach(ChatNode::close);
            }
        }
    }

    /**
     * While its database is unreachable a node stays ready and says so within a readiness probe's one-second timeout,
     * answers REST with 503 and a Retry-After, and a command with an error that says what is going on.
     */
    @Test
    void aNodeWhoseDatabaseIsGoneStaysReadyAndSaysSoQuickly() throws Exception {
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.startThrowaway(
                java.nio.file.Files.createTempDirectory("chat-test-pg-gone"));
        try (ClusterFixture cluster = new ClusterFixture(0)) {
            Map<String, String> env = cluster.environment("pg-gone");
            env.put("CHAT_DB_URL", postgres.jdbcUrl("postgres"));
            ChatNode node = TestNode.start(env);
            try {
                Api api = new Api(node.port());
                String admin = api.adminToken();
                api.department(admin, "reception");
                String token = user(api, admin, "pgg_alice");
                long conversation = api.conversation(token, "reception", "+17770005555", "Gone Guest");
                try (WsClient alice = WsClient.connect(node.port(), token)) {
                    alice.roundTrip();
                    postgres.close();

                    long started = System.nanoTime();
                    Api.Reply ready = api.get("/readyz", null);
                    long readyMillis = (System.nanoTime() - started) / 1_000_000;
                    assertEquals(200, ready.status());
                    assertEquals("down", ready.body().path("database").asText());
                    assertThat(readyMillis).as("readiness answered within a probe's timeout").isLessThan(1000);

                    Api.Reply list = api.get("/chat/conversations/", token);
                    assertEquals(503, list.status(), list.toString());
                    assertEquals("2", list.headers().firstValue("Retry-After").orElse(null));
                    assertThat(list.body().path("error").asText()).contains("database is not reachable");

                    alice.send("{\"type\":\"subscribe_conversation\",\"conversation_id\":" + conversation + "}");
                    assertThat(alice.await("error", e -> true, Duration.ofSeconds(20)).path("message").asText())
                            .isEqualTo("The database is not reachable right now (it may be failing over): please retry");
                }
            } finally {
                node.close();
            }
        } finally {
            postgres.close();
        }
    }

    private void run(ReplicatedPostgres pg, FakeCloudApi cloud, List<ChatNode> nodes) throws Exception {
        Api api = new Api(nodes.get(0).port());
        String admin = api.adminToken();
        api.department(admin, "reception");
        List<WsClient> clients = new ArrayList<>();
        List<WsClient> senders = new ArrayList<>();
        long[] conversations = new long[CONVERSATIONS];
        Map<Long, List<WsClient>> subscribers = new ConcurrentHashMap<>();
        String reader = null;
        for (int g = 0; g < CONVERSATIONS; g++) {
            String sender = user(api, admin, "pgf_s" + g);
            reader = sender;
            long conversation = api.conversation(sender, "reception", "+1777000" + (1000 + g), "Failover Guest " + g);
            conversations[g] = conversation;
            WsClient s = WsClient.connect(nodes.get(g % 2).port(), sender);
            s.subscribe(conversation);
            senders.add(s);
            clients.add(s);
            for (int k = 0; k < 2; k++) {
                WsClient sub = WsClient.connect(nodes.get(k).port(), user(api, admin, "pgf_r" + g + "_" + k));
                sub.subscribe(conversation);
                subscribers.computeIfAbsent(conversation, x -> new CopyOnWriteArrayList<>()).add(sub);
                clients.add(sub);
            }
        }
        // The desk: a WhatsApp guest's conversation to reply to during the switch, and a conversation whose snooze
        // runs out while there is no primary.
        String deskToken = user(api, admin, "pgf_desk");
        WsClient desk = WsClient.connect(nodes.get(1).port(), deskToken);
        clients.add(desk);
        assertEquals(200, Webhooks.post(nodes.get(1).port(), Webhooks.text("15557770001", "Whats Guest", "wamid.pgf.1",
                "hello")));
        long whatsApp = desk.await("new_conversation", e -> e.path("data").path("guest_name").asText()
                .equals("Whats Guest")).path("data").path("id").asLong();
        desk.subscribe(whatsApp);
        long snoozed = api.conversation(deskToken, "reception", "+17770009999", "Snoozed Guest");

        Map<String, Send> sends = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (int g = 0; g < CONVERSATIONS; g++) {
            WsClient s = senders.get(g);
            long conversation = conversations[g];
            String key = "c" + g;
            threads.add(Thread.ofVirtual().start(() -> {
                for (int seq = 0; !stop.get(); seq++) {
                    Send send = sendUntilAnswered(s, conversation, key, key + "-" + seq);
                    sends.put(send.clientMessageId(), send);
                    pause(SEND_PERIOD_MILLIS);
                }
            }));
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> sends.size() >= CONVERSATIONS * 5);

        String snoozeUntil = Instant.now().plusSeconds(2).toString();
        assertEquals(200, api.post("/chat/conversations/" + snoozed + "/status/", deskToken,
                "{\"status\":\"snoozed\",\"snoozed_until\":\"" + snoozeUntil + "\"}").status());
        long killedAt = pg.killPrimary();
        Set<String> ackedBeforeKill = new HashSet<>();
        sends.values().stream().filter(s -> s.ackedAt() < killedAt).forEach(s -> ackedBeforeKill.add(s.clientMessageId()));
        Thread reply = Thread.ofVirtual().start(() -> sends.put("wa", sendUntilAnswered(desk, whatsApp, "wa", "wa-1")));
        pause(PROMOTION_DELAY_MILLIS);
        pg.promoteReplica();
        long promotedAt = System.currentTimeMillis();

        Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> java.util.stream.IntStream.range(0, CONVERSATIONS)
                .allMatch(g -> sends.values().stream().filter(s -> s.conversationKey().equals("c" + g)
                        && s.firstSentAt() > promotedAt).count() >= AFTER_PROMOTION));
        stop.set(true);
        for (Thread t : threads) {
            t.join(ANSWER_WAIT.toMillis() * 2);
        }
        reply.join(ANSWER_WAIT.toMillis() * 2);

        // Every send was answered with its message in the end; none waited for an answer in vain. On node 0 (senders of
        // even conversations) the group commit outlasted the switch: no error at all. Node 1 gave up after a second and
        // answered with the error to retry; the retries stored each message once (checked below).
        List<Send> all = new ArrayList<>(sends.values());
        assertThat(all).allMatch(s -> s.messageId() > 0);
        assertThat(all).filteredOn(s -> s.conversationKey().matches("c[02468]"))
                .allMatch(s -> s.errors().isEmpty() && s.attempts() == 1);
        assertThat(all).filteredOn(s -> s.conversationKey().matches("c[13579]"))
                .anyMatch(s -> !s.errors().isEmpty())
                .allMatch(s -> s.errors().stream().allMatch(ChatService.DATABASE_UNAVAILABLE::equals));
        // Every message acknowledged before the kill is on the new primary, and nothing is there twice.
        for (int g = 0; g < CONVERSATIONS; g++) {
            long conversation = conversations[g];
            List<Long> stored = api.storedIds(reader, conversation);
            List<String> contents = ReplicatedPostgres.queryList(pg.replicaUrl(),
                    "SELECT content FROM messages WHERE conversation_id = " + conversation + " ORDER BY id");
            assertEquals(contents.size(), new HashSet<>(contents).size(), "no message stored twice: " + contents);
            for (String acked : ackedBeforeKill) {
                if (acked.startsWith("c" + g + "-")) {
                    assertThat(contents).contains("pgf|" + acked);
                }
            }
            // Every subscriber has every committed message, once each, in order.
            for (WsClient sub : subscribers.get(conversation)) {
                Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> sub.messageIds().size() >= stored.size());
                assertEquals(stored, sub.messageIds(), "conversation " + conversation);
            }
        }
        // The desk's timers: the snooze that ran out while there was no primary ends, once. The outbox: the reply sent
        // during the switch goes to WhatsApp once (its 'sent' status follows the commit that records the send, so a
        // second send would come before it or never). The desk's client took part in the traffic: read its history.
        java.util.function.Predicate<JsonNode> snoozeEnded = e -> e.path("type").asText().equals("conversation_status")
                && e.path("data").path("conversation_id").asLong() == snoozed
                && e.path("data").path("reason").asText().equals("snooze_expired");
        long replyId = sends.get("wa").messageId();
        java.util.function.Predicate<JsonNode> replySent = e -> e.path("type").asText().equals("message_status")
                && e.path("data").path("message_id").asLong() == replyId
                && e.path("data").path("status").asText().equals("sent");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> desk.receivedAt(snoozeEnded).isPresent()
                && desk.receivedAt(replySent).isPresent());
        assertEquals(1, cloud.accepted().stream().filter(r -> r.path("text").path("body").asText()
                .equals("pgf|wa-1")).count());
        assertEquals(1, desk.history().stream().filter(snoozeEnded).count());

        report(pg, killedAt, promotedAt, all, conversations, subscribers);
        clients.forEach(WsClient::close);
    }

    /**
     * Sends until the sender's own message comes back, retrying with the same client_message_id after an error or
     * when no answer came within {@link #ANSWER_WAIT} (counted as unanswered: the test fails on it).
     */
    private static Send sendUntilAnswered(WsClient sender, long conversation, String key, String clientMessageId) {
        String content = "pgf|" + clientMessageId;
        long first = System.currentTimeMillis();
        List<String> errors = new ArrayList<>();
        for (int attempt = 1; ; attempt++) {
            sender.send("{\"type\":\"text\",\"conversation_id\":" + conversation + ",\"content\":\"" + content
                    + "\",\"client_message_id\":\"" + clientMessageId + "\"}");
            JsonNode answer = sender.awaitAny(e -> e.path("type").asText().equals("error")
                    || e.path("type").asText().equals("message")
                    && e.path("data").path("content").asText().equals(content), ANSWER_WAIT);
            if (answer == null) {
                return new Send(key, clientMessageId, first, Long.MAX_VALUE, -1, attempt, List.of("unanswered"));
            }
            if (answer.path("type").asText().equals("message")) {
                return new Send(key, clientMessageId, first, System.currentTimeMillis(),
                        answer.path("data").path("id").asLong(), attempt, errors);
            }
            errors.add(answer.path("message").asText());
            pause(200);
        }
    }

    private static void report(ReplicatedPostgres pg, long killedAt, long promotedAt, List<Send> all,
                               long[] conversations, Map<Long, List<WsClient>> subscribers) {
        // Recovery: per conversation, the first message first sent after the kill, until all its subscribers had it.
        long first = Long.MAX_VALUE;
        long every = 0;
        for (int g = 0; g < CONVERSATIONS; g++) {
            String key = "c" + g;
            Send firstAfter = all.stream().filter(s -> s.conversationKey().equals(key) && s.firstSentAt() >= killedAt)
                    .min(java.util.Comparator.comparingLong(Send::firstSentAt)).orElseThrow();
            long deliveredToAll = 0;
            for (WsClient sub : subscribers.get(conversations[g])) {
                OptionalLong at = sub.receivedAt(e -> e.path("type").asText().equals("message")
                        && e.path("data").path("id").asLong() == firstAfter.messageId());
                deliveredToAll = Math.max(deliveredToAll, at.orElseThrow());
            }
            first = Math.min(first, deliveredToAll - killedAt);
            every = Math.max(every, deliveredToAll - killedAt);
        }
        long withErrors = all.stream().filter(s -> !s.errors().isEmpty()).count();
        long longest = all.stream().mapToLong(s -> s.ackedAt() - s.firstSentAt()).max().orElse(0);
        Set<String> kinds = new java.util.TreeSet<>();
        all.forEach(s -> kinds.addAll(s.errors()));
        System.out.printf("[pg-failover] kill -> replica promoted %d ms; kill -> first message committed and delivered "
                        + "to all its subscribers %d ms; kill -> every conversation %d ms; sends %d, answered with an "
                        + "error first %d (%s); longest send until its message %d ms; messages on the new primary %s%n",
                promotedAt - killedAt, first, every, all.size(), withErrors, kinds, longest,
                ReplicatedPostgres.queryString(pg.replicaUrl(), "SELECT count(*) FROM messages"));
    }

    private static String user(Api api, String admin, String username) {
        api.staff(admin, username, SingleNodeFixture.displayName(username), List.of("reception"));
        return api.loginStaff(username);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
