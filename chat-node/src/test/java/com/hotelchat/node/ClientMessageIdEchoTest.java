package com.hotelchat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A message sent with a {@code client_message_id} carries it in its {@code message} event to every staff session, on
 * either node, live, replayed and retried, and in the history; the guest's socket never gets it, not even for the
 * guest's own messages.
 */
class ClientMessageIdEchoTest {

    private static ClusterFixture cluster;

    @BeforeAll
    static void start() {
        cluster = new ClusterFixture(2);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static Predicate<JsonNode> saying(String content) {
        return e -> e.path("data").path("content").asText().equals(content);
    }

    private static String cmid(JsonNode message) {
        return message.path("data").path("client_message_id").asText(null);
    }

    private static String text(long conversation, String content, String clientMessageId) {
        return "{\"type\":\"text\",\"conversation_id\":" + conversation + ",\"content\":" + Api.quote(content)
                + ",\"client_message_id\":" + Api.quote(clientMessageId) + "}";
    }

    @Test
    void staffSeeTheSendersClientMessageIdAndTheGuestNever() {
        ClusterFixture.SubscribedPair pair = cluster.subscribedPair("echo", 0, 1);
        long c = pair.conversation();
        String guestToken = cluster.api.guestToken(pair.firstToken(), c);
        try (pair; WsClient guest = WsClient.guest(cluster.nodes.get(1).port(), guestToken, null)) {
            pair.first().send(text(c, "Your taxi is booked", "staff-key-1"));
            assertEquals("staff-key-1", cmid(pair.first().await("message", saying("Your taxi is booked"))), "the sender's echo");
            assertEquals("staff-key-1", cmid(pair.second().await("message", saying("Your taxi is booked"))), "a colleague, other node");
            assertThat(guest.await("message", saying("Your taxi is booked")).path("data").has("client_message_id")).isFalse();

            guest.send("{\"type\":\"text\",\"content\":\"Thank you!\",\"client_message_id\":\"guest-key-1\"}");
            assertEquals("guest-key-1", cmid(pair.first().await("message", saying("Thank you!"))));
            assertThat(guest.await("message", saying("Thank you!")).path("data").has("client_message_id"))
                    .as("not even the guest's own").isFalse();

            pair.second().send("{\"type\":\"note\",\"conversation_id\":" + c
                    + ",\"content\":\"VIP, be quick\",\"client_message_id\":\"note-key-1\"}");
            assertEquals("note-key-1", cmid(pair.first().await("message", saying("VIP, be quick"))));
            pair.first().text(c, "plain");
            assertThat(pair.second().await("message", saying("plain")).path("data").has("client_message_id"))
                    .as("absent when the message had none").isFalse();

            // A retry gets the original back, each in its own form.
            pair.first().send(text(c, "Your taxi is booked", "staff-key-1"));
            assertEquals("staff-key-1", cmid(pair.first().await("message", saying("Your taxi is booked"))));
            guest.send("{\"type\":\"text\",\"content\":\"Thank you!\",\"client_message_id\":\"guest-key-1\"}");
            assertThat(guest.await("message", saying("Thank you!")).path("data").has("client_message_id")).isFalse();
        }

        // Read back from the database: a staff resume, the history and a guest's resume (its replay comes first).
        try (WsClient staff = cluster.connect(1, pair.firstToken());
             WsClient guest = WsClient.guest(cluster.nodes.get(0).port(), guestToken, 0L)) {
            staff.send("{\"type\":\"subscribe_conversation\",\"conversation_id\":" + c + ",\"last_message_id\":0}");
            staff.await("message", saying("plain"));
            assertThat(staff.history().stream().filter(e -> e.path("type").asText().equals("message")).map(
                    ClientMessageIdEchoTest::cmid)).containsExactly("staff-key-1", "guest-key-1", "note-key-1", null);
            JsonNode history = cluster.api(0).get("/chat/conversations/" + c + "/messages/", pair.firstToken())
                    .body().get("messages");
            assertEquals("staff-key-1", history.get(history.size() - 1).get("client_message_id").asText());
            List<JsonNode> replayed = guest.history().stream().filter(e -> e.path("type").asText().equals("message")).toList();
            assertThat(replayed).hasSize(3).noneMatch(e -> e.path("data").has("client_message_id"));
        }
    }
}
