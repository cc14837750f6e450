package com.hotelchat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Private notes across two nodes with WhatsApp sending on: staff get them in order with the messages, the guest never
 * does (not over WhatsApp, not on the web chat, not when resuming), and mentions reach the mentioned member only.
 */
class NotesTest {

    private static FakeCloudApi cloud;
    private static ClusterFixture cluster;

    @BeforeAll
    static void start() {
        cloud = new FakeCloudApi();
        cluster = new ClusterFixture(2, cloud.nodeEnvironment());
        cluster.api.department(cluster.admin, "housekeeping");
    }

    @AfterAll
    static void stop() {
        cluster.close();
        cloud.close();
    }

    private static boolean content(JsonNode e, String text) {
        return e.path("data").path("content").asText().equals(text);
    }

    private static WsClient guestSocket(int node, String token, long resumeAfter) {
        return WsClient.connect(URI.create("ws://localhost:" + cluster.nodes.get(node).port() + "/ws/guest/?token="
                + token + "&last_message_id=" + resumeAfter), Map.of());
    }

    @Test
    void notesReachStaffInOrderAndNeverTheGuestOnAnyChannel() {
        String alice = cluster.user("n_alice", "reception");
        String bob = cluster.user("n_bob", "reception");
        String carol = cluster.user("n_carol", "reception");
        String hk = cluster.user("n_hk", "housekeeping");
        List<String> staffSees = List.of("Sorry! We are on it", "@n_bob please check the boiler; @n_hk too, @nobody",
                "Fixed in 10 minutes");
        try (WsClient a = cluster.connect(0, alice); WsClient b = cluster.connect(1, bob);
             WsClient c = cluster.connect(1, carol); WsClient h = cluster.connect(0, hk)) {
            assertEquals(200, Webhooks.post(cluster.nodes.get(1).port(),
                    Webhooks.text("15550001234", "Note Guest", "wamid.note.1", "My shower is cold")));
            long id = a.await("new_conversation", e -> e.path("data").path("guest_name").asText().equals("Note Guest"))
                    .path("data").path("id").asLong();
            a.subscribe(id);
            b.subscribe(id);
            String guestToken = cluster.api.post("/chat/guest-tokens/", alice, "{\"conversation_id\":" + id + "}")
                    .body().get("token").asText();
            try (WsClient guest = guestSocket(1, guestToken, 0)) {
                guest.await("message", e -> content(e, "My shower is cold"));

                a.text(id, "Sorry! We are on it");
                a.send("{\"type\":\"note\",\"conversation_id\":" + id + ",\"content\":\"@n_bob please check the boiler; "
                        + "@n_hk too, @nobody\"}");
                a.text(id, "Fixed in 10 minutes");

                for (String text : staffSees) {
                    b.await("message", e -> content(e, text));
                }
                assertThat(b.history()).filteredOn(e -> e.path("type").asText().equals("message"))
                        .extracting(e -> e.path("data").path("content").asText()).containsSubsequence(staffSees);
                JsonNode note = b.history().stream().filter(e -> content(e, staffSees.get(1))).findFirst().orElseThrow();
                assertThat(note.path("data").path("private").asBoolean()).isTrue();
                assertThat(b.history().stream().filter(e -> content(e, "Fixed in 10 minutes")).findFirst().orElseThrow()
                        .path("data").has("private")).isFalse();

                // Mentions: bob on his other node hears it; carol (not mentioned) and the housekeeper (not in the
                // department) do not.
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                        b.history().stream().anyMatch(e -> e.path("type").asText().equals("mention")));
                JsonNode mention = b.history().stream().filter(e -> e.path("type").asText().equals("mention"))
                        .findFirst().orElseThrow();
                assertEquals(1, b.history().stream().filter(e -> e.path("type").asText().equals("mention")).count());
                assertEquals(id, mention.path("data").path("conversation_id").asLong());
                assertEquals(note.path("data").path("id").asLong(), mention.path("data").path("message_id").asLong());
                assertEquals(SingleNodeFixture.displayName("n_alice"), mention.path("data").path("mentioned_by").path("name").asText());
                c.roundTrip();
                h.roundTrip();
                assertThat(c.history()).noneMatch(e -> e.path("type").asText().equals("mention") || e.toString().contains("boiler"));
                assertThat(h.history()).noneMatch(e -> e.path("type").asText().equals("mention") || e.toString().contains("boiler"));
                assertEquals(1, summary(bob, id).path("unread_mentions").asInt());
                assertEquals(0, summary(carol, id).path("unread_mentions").asInt());

                // The guest: the two replies, in order, and nothing of the note.
                guest.await("message", e -> content(e, "Fixed in 10 minutes"));
                assertThat(guest.history()).noneMatch(e -> e.toString().contains("boiler") || e.path("data").has("private"));
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> cloud.accepted().size() >= 2);
                assertThat(cloud.requests()).noneMatch(r -> r.toString().contains("boiler"));

                b.send("{\"type\":\"mark_read\",\"conversation_id\":" + id + "}");
                Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> summary(bob, id).path("unread_mentions").asInt() == 0);
            }
            // Resuming: the whole history on the other node, and after the first reply: never the note.
            long firstReply = a.history().stream().filter(e -> content(e, "Sorry! We are on it")).findFirst().orElseThrow()
                    .path("data").path("id").asLong();
            String token = cluster.api.post("/chat/guest-tokens/", alice, "{\"conversation_id\":" + id + "}")
                    .body().get("token").asText();
            try (WsClient all = guestSocket(0, token, 0); WsClient after = guestSocket(1, token, firstReply)) {
                all.await("message", e -> content(e, "Fixed in 10 minutes"));
                after.await("message", e -> content(e, "Fixed in 10 minutes"));
                assertThat(all.messageIds()).hasSize(3);
                assertThat(after.messageIds()).hasSize(1);
                assertThat(all.history()).noneMatch(e -> e.toString().contains("boiler"));
                assertThat(after.history()).noneMatch(e -> e.toString().contains("boiler"));
            }
            // Staff resume and history carry it, in its place.
            try (WsClient again = cluster.connect(0, carol)) {
                again.send("{\"type\":\"subscribe_conversation\",\"conversation_id\":" + id + ",\"last_message_id\":"
                        + firstReply + "}");
                again.await("message", e -> content(e, "Fixed in 10 minutes"));
                assertThat(again.history()).filteredOn(e -> e.path("type").asText().equals("message"))
                        .extracting(e -> e.path("data").path("content").asText())
                        .containsExactly(staffSees.get(1), staffSees.get(2));
            }
            JsonNode history = cluster.api.get("/chat/conversations/" + id + "/messages/", carol).body().get("messages");
            assertThat(StreamSupport.stream(history.spliterator(), false)
                    .filter(m -> m.path("private").asBoolean()).map(m -> m.path("content").asText()))
                    .containsExactly(staffSees.get(1));
        }
    }

    @Test
    void aNoteOfAnotherDepartmentIsNotFoundAndAnEmptyOneIsRefused() {
        String alice = cluster.user("n2_alice", "reception");
        String hk = cluster.user("n2_hk", "housekeeping");
        long id = cluster.conversation(alice, "reception");
        try (WsClient h = cluster.connect(1, hk); WsClient a = cluster.connect(0, alice)) {
            h.send("{\"type\":\"note\",\"conversation_id\":" + id + ",\"content\":\"sneaky\"}");
            assertEquals("Conversation not found", h.await("error").get("message").asText());
            a.send("{\"type\":\"note\",\"conversation_id\":" + id + ",\"content\":\"  \"}");
            assertEquals("Message content must not be empty", a.await("error").get("message").asText());
            a.send("{\"type\":\"note\",\"conversation_id\":" + id + ",\"content\":\"" + "x".repeat(4097) + "\"}");
            assertThat(a.await("error").get("message").asText()).contains("at most 4096");
            assertThat(cluster.api.storedIds(alice, id)).isEmpty();
        }
    }

    private static JsonNode summary(String token, long id) {
        JsonNode list = cluster.api.get("/chat/conversations/", token).body().get("conversations");
        return StreamSupport.stream(list.spliterator(), false).filter(c -> c.get("id").asLong() == id).findFirst().orElseThrow();
    }
}
