package com.hotelchat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every row of the contract's delivery table, on one node, with real WebSocket clients. */
class DeliveryRulesTest {

    private static SingleNodeFixture fx;

    @BeforeAll
    static void start() {
        fx = new SingleNodeFixture();
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    private static boolean about(JsonNode event, long conversationId) {
        JsonNode data = event.path("data");
        JsonNode inner = data.path("data");
        return data.path("conversation_id").asLong() == conversationId || data.path("id").asLong() == conversationId
                || inner.path("conversation_id").asLong() == conversationId || inner.path("id").asLong() == conversationId;
    }

    private static boolean updateOf(JsonNode event, String kind, long conversationId) {
        return event.path("data").path("type").asText().equals(kind) && about(event, conversationId);
    }

    @Test
    void messageReachesEverySubscriberIncludingTheSenderWithIdAndTimestamp() {
        String alice = fx.user("m_alice", "reception");
        String bob = fx.user("m_bob", "reception");
        long c = fx.conversation(alice, "reception");
        try (WsClient a = fx.connect(alice); WsClient b = fx.connect(bob)) {
            a.subscribe(c);
            b.subscribe(c);
            a.text(c, "Hello from Alice");
            JsonNode atAlice = a.await("message", e -> about(e, c));
            JsonNode atBob = b.await("message", e -> about(e, c));
            assertEquals(atAlice, atBob);
            JsonNode data = atBob.get("data");
            assertThat(data.get("id").asLong()).isPositive();
            assertEquals("staff", data.get("sender_type").asText());
            assertEquals("M_alice Test", data.get("sender_name").asText());
            assertEquals("Hello from Alice", data.get("content").asText());
            assertThat(data.get("created_at").asText()).endsWith("Z");
            assertEquals("101", data.get("guest_info").get("room_number").asText());
        }
    }

    @Test
    void subscriberDoesNotReceiveDepartmentUpdateForItsConversation() {
        String alice = fx.user("u_alice", "reception");
        String bob = fx.user("u_bob", "reception");
        long c = fx.conversation(alice, "reception");
        try (WsClient a = fx.connect(alice); WsClient b = fx.connect(bob)) {
            a.subscribe(c);
            b.text(c, "first");
            JsonNode update = b.await("conversation_update", e -> updateOf(e, "new_message", c));
            assertEquals("U_bob Test", update.get("data").get("data").get("message_from").asText());
            assertEquals("first", update.get("data").get("data").get("last_message_preview").asText());
            a.await("message", e -> e.path("data").path("content").asText().equals("first"));
            a.assertNoneBefore("conversation_update", e -> updateOf(e, "new_message", c),
                    () -> b.text(c, "marker"), "message", e -> e.path("data").path("content").asText().equals("marker"));
        }
    }

    @Test
    void otherDepartmentsHearNothingOfAConversation() {
        String alice = fx.user("d_alice", "reception");
        String carol = fx.user("d_carol", "housekeeping");
        try (WsClient a = fx.connect(alice); WsClient k = fx.connect(carol)) {
            long c = fx.conversation(alice, "reception");
            a.await("new_conversation", e -> about(e, c));
            a.subscribe(c);
            a.text(c, "private to reception");
            a.await("message", e -> about(e, c));
            long[] marker = new long[1];
            k.assertNoneBefore("new_conversation", e -> about(e, c),
                    () -> marker[0] = fx.conversation(carol, "housekeeping"), "new_conversation",
                    e -> about(e, marker[0]));
            assertThat(k.history()).noneMatch(e -> about(e, c));
        }
    }

    @Test
    void newConversationReachesEverySessionOfTheDepartment() {
        String alice = fx.user("n_alice", "reception");
        String bob = fx.user("n_bob", "reception");
        try (WsClient a = fx.connect(alice); WsClient a2 = fx.connect(alice); WsClient b = fx.connect(bob)) {
            long c = fx.conversation(alice, "reception");
            for (WsClient client : List.of(a, a2, b)) {
                JsonNode event = client.await("new_conversation", e -> about(e, c));
                assertEquals("reception", event.get("data").get("department").asText());
                assertEquals("active", event.get("data").get("status").asText());
            }
        }
    }

    @Test
    void closedReachesEverySessionOnceWhetherSubscribedOrNot() {
        String alice = fx.user("c_alice", "reception");
        String bob = fx.user("c_bob", "reception");
        long c = fx.conversation(alice, "reception");
        try (WsClient a = fx.connect(alice); WsClient b = fx.connect(bob)) {
            a.subscribe(c);
            b.send("{\"type\":\"close_conversation\",\"conversation_id\":" + c + "}");
            for (WsClient client : List.of(a, b)) {
                JsonNode closed = client.await("conversation_update", e -> updateOf(e, "closed", c));
                assertEquals("closed", closed.get("data").get("data").get("status").asText());
            }
            long marker = fx.conversation(alice, "reception");
            for (WsClient client : List.of(a, b)) {
                client.await("new_conversation", e -> about(e, marker));
                assertThat(client.history()).filteredOn(e -> updateOf(e, "closed", c)).hasSize(1);
            }
        }
    }

    @Test
    void closingAClosedConversationAnswers200AndNotifiesNobody() {
        String alice = fx.user("cc_alice", "reception");
        long c = fx.conversation(alice, "reception");
        try (WsClient a = fx.connect(alice)) {
            assertEquals(200, fx.api.post("/chat/conversations/close/", alice, "{\"conversation_id\":" + c + "}").status());
            a.await("conversation_update", e -> updateOf(e, "closed", c));
            Api.Reply again = fx.api.post("/chat/conversations/close/", alice, "{\"conversation_id\":" + c + "}");
            assertEquals(200, again.status());
            assertEquals("closed", again.body().get("status").asText());
            long[] marker = new long[1];
            a.assertNoneBefore("conversation_update", e -> updateOf(e, "closed", c),
                    () -> marker[0] = fx.conversation(alice, "reception"), "new_conversation", e -> about(e, marker[0]));
        }
    }

    @Test
    void typingReachesOtherSubscribersButNeverTheTyper() {
        String alice = fx.user("t_alice", "reception");
        String bob = fx.user("t_bob", "reception");
        String erin = fx.user("t_erin", "reception");
        long c = fx.conversation(alice, "reception");
        try (WsClient a = fx.connect(alice); WsClient b = fx.connect(bob); WsClient e = fx.connect(erin)) {
            a.subscribe(c);
            b.subscribe(c);
            a.send("{\"type\":\"typing\",\"conversation_id\":" + c + ",\"is_typing\":true}");
            JsonNode typing = b.await("typing", ev -> about(ev, c));
            assertEquals("T_alice Test", typing.get("data").get("user_name").asText());
            assertEquals(true, typing.get("data").get("is_typing").asBoolean());
            a.assertNoneBefore("typing", ev -> ev.path("data").path("user_name").asText().equals("T_alice Test"),
                    () -> b.send("{\"type\":\"typing\",\"conversation_id\":" + c + ",\"is_typing\":false}"),
                    "typing", ev -> ev.path("data").path("user_name").asText().equals("T_bob Test"));
            assertThat(e.history()).noneMatch(ev -> ev.path("type").asText().equals("typing"));
        }
    }

    @Test
    void userStatusOnlyOnFirstAndLastSessionAndNeverToTheUserItself() {
        String frank = fx.user("p_frank", "reception");
        String gina = fx.user("p_gina", "reception");
        String harry = fx.user("p_harry", "reception");
        String ivan = fx.user("p_ivan", "reception");
        try (WsClient f = fx.connect(frank)) {
            WsClient g1 = fx.connect(gina);
            JsonNode connected = f.await("user_status", e -> e.path("data").path("user_name").asText().equals("P_gina Test"));
            assertEquals("user_connected", connected.get("data").get("type").asText());
            assertEquals("reception", connected.get("data").get("department").asText());
            WsClient g2 = fx.connect(gina);
            g2.roundTrip();
            g1.close();
            WsClient[] h = new WsClient[1];
            f.assertNoneBefore("user_status", e -> e.path("data").path("user_name").asText().equals("P_gina Test"),
                    () -> h[0] = fx.connect(harry), "user_status",
                    e -> e.path("data").path("user_name").asText().equals("P_harry Test"));
            g2.close();
            JsonNode disconnected = f.await("user_status",
                    e -> e.path("data").path("user_name").asText().equals("P_gina Test"));
            assertEquals("user_disconnected", disconnected.get("data").get("type").asText());
            WsClient i = fx.connect(ivan);
            h[0].await("user_status", e -> e.path("data").path("user_name").asText().equals("P_ivan Test"));
            assertThat(h[0].history()).noneMatch(e -> e.path("data").path("user_name").asText().equals("P_harry Test"));
            h[0].close();
            i.close();
        }
    }

    @Test
    void confirmationsAndErrorsGoOnlyToTheSender() {
        String alice = fx.user("s_alice", "reception");
        String bob = fx.user("s_bob", "reception");
        long c = fx.conversation(alice, "reception");
        try (WsClient a = fx.connect(alice); WsClient b = fx.connect(bob)) {
            a.subscribe(c);
            a.send("{\"type\":\"unsubscribe_conversation\",\"conversation_id\":" + c + "}");
            a.await("unsubscribed", e -> about(e, c));
            a.send("nonsense");
            a.await("error");
            b.subscribe(c);
            assertThat(b.history()).extracting(e -> e.get("type").asText()).doesNotContain("unsubscribed", "error");
            assertThat(b.history()).filteredOn(e -> e.get("type").asText().equals("subscribed")).hasSize(1);
        }
    }

    @Test
    void unsubscribedSessionGetsTheDepartmentUpdateInsteadOfMessages() {
        String alice = fx.user("us_alice", "reception");
        String bob = fx.user("us_bob", "reception");
        long c = fx.conversation(alice, "reception");
        try (WsClient a = fx.connect(alice); WsClient b = fx.connect(bob)) {
            a.subscribe(c);
            a.send("{\"type\":\"unsubscribe_conversation\",\"conversation_id\":" + c + "}");
            a.await("unsubscribed", e -> about(e, c));
            b.text(c, "after unsubscribe");
            a.await("conversation_update", e -> updateOf(e, "new_message", c));
            assertThat(a.history()).noneMatch(e -> e.get("type").asText().equals("message"));
        }
    }

    @Test
    void markReadMovesTheReadMarkerSoUnreadCountsDrop() {
        String alice = fx.user("r_alice", "reception");
        String bob = fx.user("r_bob", "reception");
        long c = fx.conversation(alice, "reception");
        try (WsClient a = fx.connect(alice); WsClient b = fx.connect(bob)) {
            b.subscribe(c);
            b.text(c, "one");
            b.text(c, "two");
            b.await("message", e -> e.path("data").path("content").asText().equals("two"));
            assertEquals(2, unread(alice, c));
            a.send("{\"type\":\"mark_read\",\"conversation_id\":" + c + "}");
            a.subscribe(c);
            assertEquals(0, unread(alice, c));
            assertEquals(0, unread(bob, c));
        }
    }

    private static long unread(String token, long conversationId) {
        for (JsonNode conversation : fx.api.get("/chat/conversations/", token).body().get("conversations")) {
            if (conversation.get("id").asLong() == conversationId) {
                return conversation.get("unread_count").asLong();
            }
        }
        throw new AssertionError("conversation " + conversationId + " not listed");
    }

    @Test
    void resumeReplaysMissedMessagesInOrderBeforeLiveOnes() {
        String alice = fx.user("z_alice", "reception");
        String bob = fx.user("z_bob", "reception");
        long c = fx.conversation(alice, "reception");
        long lastSeen;
        try (WsClient a = fx.connect(alice)) {
            a.subscribe(c);
            a.text(c, "seen");
            lastSeen = a.await("message", e -> about(e, c)).get("data").get("id").asLong();
        }
        try (WsClient b = fx.connect(bob)) {
            b.subscribe(c);
            b.text(c, "missed 1");
            b.text(c, "missed 2");
            b.await("message", e -> e.path("data").path("content").asText().equals("missed 2"));
            try (WsClient a = fx.connect(alice)) {
                a.send("{\"type\":\"subscribe_conversation\",\"conversation_id\":" + c + ",\"last_message_id\":" + lastSeen + "}");
                a.next("subscribed");
                assertEquals("missed 1", a.next("message").get("data").get("content").asText());
                assertEquals("missed 2", a.next("message").get("data").get("content").asText());
                b.text(c, "live");
                assertEquals("live", a.next("message").get("data").get("content").asText());
            }
        }
    }

    @Test
    void resumeWhileMessagesCommitDeliversEachExactlyOnceInOrder() throws Exception {
        String alice = fx.user("rr_alice", "reception");
        String bob = fx.user("rr_bob", "reception");
        long c = fx.conversation(alice, "reception");
        try (WsClient b = fx.connect(bob)) {
            b.subscribe(c);
            for (int i = 0; i < 20; i++) {
                b.text(c, "before " + i);
            }
            b.await("message", e -> e.path("data").path("content").asText().equals("before 19"));
            ExecutorService sender = Executors.newSingleThreadExecutor();
            Future<?> sending = sender.submit(() -> {
                for (int i = 0; i < 40; i++) {
                    b.text(c, "during " + i);
                }
            });
            try (WsClient a = fx.connect(alice)) {
                a.send("{\"type\":\"subscribe_conversation\",\"conversation_id\":" + c + ",\"last_message_id\":0}");
                sending.get();
                a.await("message", e -> e.path("data").path("content").asText().equals("during 39"));
                List<Long> ids = a.messageIds();
                List<Long> stored = fx.api.storedIds(bob, c);
                assertEquals(stored, ids, "every message once, ascending, no gap");
            } finally {
                sender.shutdown();
            }
        }
    }

    @Test
    void retriedClientMessageIdIsStoredAndFannedOutOnce() {
        String alice = fx.user("i_alice", "reception");
        String bob = fx.user("i_bob", "reception");
        long c = fx.conversation(alice, "reception");
        try (WsClient a = fx.connect(alice); WsClient b = fx.connect(bob)) {
            b.subscribe(c);
            String frame = "{\"type\":\"text\",\"conversation_id\":" + c + ",\"content\":\"once\",\"client_message_id\":\"k-1\"}";
            a.send(frame);
            JsonNode original = b.await("message", e -> about(e, c));
            a.send(frame);
            JsonNode echo = a.await("message", e -> about(e, c));
            assertEquals(original, echo, "the retrying session gets the original message back");
            b.assertNoneBefore("message", e -> e.path("data").path("content").asText().equals("once"),
                    () -> a.text(c, "marker"), "message", e -> e.path("data").path("content").asText().equals("marker"));
            assertEquals(2, fx.api.storedIds(alice, c).size());
        }
    }

    @Test
    void concurrentSendersOnOneNodeAreSeenByEverySubscriberInIdOrderWithoutGaps() throws Exception {
        String watcher = fx.user("o_watch", "reception");
        long c = fx.conversation(watcher, "reception");
        List<String> senders = List.of(fx.user("o_s1", "reception"), fx.user("o_s2", "reception"), fx.user("o_s3", "reception"));
        try (WsClient w = fx.connect(watcher)) {
            w.subscribe(c);
            ExecutorService pool = Executors.newFixedThreadPool(3);
            List<Future<?>> running = new ArrayList<>();
            for (int s = 0; s < senders.size(); s++) {
                String token = senders.get(s);
                int n = s;
                running.add(pool.submit(() -> {
                    try (WsClient client = fx.connect(token)) {
                        for (int i = 0; i < 30; i++) {
                            client.text(c, "s" + n + " " + i);
                        }
                        client.subscribe(c);
                    }
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
            pool.shutdown();
            List<Long> stored = fx.api.storedIds(watcher, c);
            assertEquals(90, stored.size());
            long last = stored.get(stored.size() - 1);
            w.await("message", e -> e.path("data").path("id").asLong() == last);
            List<Long> received = w.messageIds();
            assertEquals(stored, received);
        }
    }
}
