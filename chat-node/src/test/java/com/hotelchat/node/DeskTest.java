package com.hotelchat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The desk's queue across two nodes: assignment, transfer, statuses and snooze, waiting alerts, auto-assignment. */
class DeskTest {

    private static final AtomicInteger GUEST = new AtomicInteger(5_550_000);
    private static ClusterFixture cluster;

    @BeforeAll
    static void start() {
        cluster = new ClusterFixture(2, Map.of("CHAT_DESK_TICK_MS", "200"));
        for (String department : List.of("housekeeping", "concierge", "spa")) {
            cluster.api.department(cluster.admin, department);
        }
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private record Staff(long id, String token) {}

    private static Staff staff(String username, String... departments) {
        long id = cluster.api.staff(cluster.admin, username, SingleNodeFixture.displayName(username), List.of(departments));
        return new Staff(id, cluster.api.loginStaff(username));
    }

    private static boolean about(JsonNode event, long conversation) {
        return event.path("data").path("conversation_id").asLong() == conversation;
    }

    private static long count(WsClient client, String type, long conversation) {
        return client.history().stream().filter(e -> e.path("type").asText().equals(type) && about(e, conversation)).count();
    }

    /** A guest number and a conversation opened for it by {@code token} in {@code department}. */
    private record Guest(String number, long conversation) {
        String from() {
            return number.substring(1);
        }
    }

    private static Guest guest(String token, String department) {
        String number = "+1555" + GUEST.incrementAndGet();
        return new Guest(number, cluster.api.conversation(token, department, number, "Guest " + number));
    }

    private static void guestWrites(int node, Guest guest, String text) {
        assertEquals(200, Webhooks.post(cluster.nodes.get(node).port(),
                Webhooks.text(guest.from(), "Guest " + guest.number(), "wamid." + guest.from() + "." + text.hashCode(), text)));
    }

    private static JsonNode listed(String token, String query, long conversation) {
        JsonNode list = cluster.api.get("/chat/conversations/" + query, token).body().get("conversations");
        return StreamSupport.stream(list.spliterator(), false).filter(c -> c.get("id").asLong() == conversation)
                .findFirst().orElse(null);
    }

    @Test
    void assignmentIsSeenByTheWholeDepartmentOnEveryNodeAndFiltersTheList() {
        Staff alice = staff("q_alice", "reception");
        Staff bob = staff("q_bob", "reception");
        Staff hk = staff("q_hk", "housekeeping");
        try (WsClient a = cluster.connect(0, alice.token()); WsClient b = cluster.connect(1, bob.token());
             WsClient h = cluster.connect(1, hk.token())) {
            Guest g = guest(alice.token(), "reception");
            b.await("new_conversation", e -> e.path("data").path("id").asLong() == g.conversation());

            a.send("{\"type\":\"assign_conversation\",\"conversation_id\":" + g.conversation() + ",\"user_id\":" + bob.id() + "}");
            for (WsClient client : List.of(a, b)) {
                JsonNode assigned = client.await("conversation_assigned", e -> about(e, g.conversation()));
                assertEquals(bob.id(), assigned.path("data").path("assignee").path("id").asLong());
                assertEquals(SingleNodeFixture.displayName("q_bob"), assigned.path("data").path("assignee").path("name").asText());
                assertEquals(alice.id(), assigned.path("data").path("assigned_by").path("id").asLong());
            }
            assertThat(listed(bob.token(), "?assignee=me", g.conversation())).isNotNull();
            assertThat(listed(bob.token(), "?assignee=none", g.conversation())).isNull();
            assertEquals(bob.id(), listed(alice.token(), "?assignee=" + bob.id(), g.conversation())
                    .path("assignee").path("id").asLong());

            // The assignee is part of the conversation wherever it appears: updates and history too.
            guestWrites(0, g, "Where is the pool?");
            JsonNode update = a.await("conversation_update",
                    e -> e.path("data").path("data").path("conversation_id").asLong() == g.conversation());
            assertEquals(bob.id(), update.path("data").path("data").path("assignee").path("id").asLong());
            assertEquals(bob.id(), cluster.api.get("/chat/conversations/" + g.conversation() + "/messages/", alice.token())
                    .body().path("conversation").path("assignee").path("id").asLong());

            // Outside the department: refused, nothing changed; another department never hears of it.
            a.send("{\"type\":\"assign_conversation\",\"conversation_id\":" + g.conversation() + ",\"user_id\":" + hk.id() + "}");
            assertThat(a.await("error").get("message").asText()).contains("active staff member of the conversation's department");
            assertEquals(404, cluster.api(1).post("/chat/conversations/" + g.conversation() + "/assign/", hk.token(),
                    "{\"user_id\":" + hk.id() + "}").status());
            assertEquals(400, cluster.api(1).post("/chat/conversations/" + g.conversation() + "/assign/", alice.token(),
                    "{\"user_id\":\"bob\"}").status());
            assertEquals(bob.id(), listed(alice.token(), "", g.conversation()).path("assignee").path("id").asLong());

            // Unassign over REST on the other node.
            Api.Reply unassigned = cluster.api(1).post("/chat/conversations/" + g.conversation() + "/assign/", bob.token(),
                    "{\"user_id\":null}");
            assertEquals(200, unassigned.status());
            assertThat(unassigned.body().has("assignee")).isFalse();
            JsonNode event = a.await("conversation_assigned", e -> about(e, g.conversation()) && e.path("data").path("assignee").isNull());
            assertEquals(bob.id(), event.path("data").path("assigned_by").path("id").asLong());
            assertThat(listed(alice.token(), "?assignee=none", g.conversation())).isNotNull();
            h.roundTrip();
            assertThat(h.history()).noneMatch(e -> about(e, g.conversation()) || e.path("data").path("id").asLong() == g.conversation());
        }
    }

    @Test
    void transferMovesTheConversationAndTheOldDepartmentLosesItAtOnce() {
        Staff alice = staff("t_alice", "reception");
        Staff carol = staff("t_carol", "reception");
        Staff hk = staff("t_hk", "housekeeping");
        try (WsClient a = cluster.connect(0, alice.token()); WsClient c = cluster.connect(1, carol.token());
             WsClient h = cluster.connect(1, hk.token())) {
            Guest g = guest(alice.token(), "reception");
            a.subscribe(g.conversation());
            c.subscribe(g.conversation());
            a.send("{\"type\":\"assign_conversation\",\"conversation_id\":" + g.conversation() + ",\"user_id\":" + alice.id() + "}");
            c.await("conversation_assigned", e -> about(e, g.conversation()));

            a.send("{\"type\":\"transfer_conversation\",\"conversation_id\":" + g.conversation()
                    + ",\"department\":\"nowhere\"}");
            assertThat(a.await("error").get("message").asText()).contains("Unknown department");
            assertEquals(404, cluster.api.post("/chat/conversations/" + g.conversation() + "/transfer/", alice.token(),
                    "{\"department\":\"nowhere\"}").status());

            a.send("{\"type\":\"transfer_conversation\",\"conversation_id\":" + g.conversation()
                    + ",\"department\":\"housekeeping\",\"note\":\"Towels for room 101\"}");
            for (WsClient old : List.of(a, c)) {
                JsonNode left = old.await("conversation_transferred", e -> about(e, g.conversation()));
                assertEquals("reception", left.path("data").path("from_department").asText());
                assertEquals("housekeeping", left.path("data").path("to_department").asText());
                assertEquals("Towels for room 101", left.path("data").path("note").asText());
                assertThat(left.path("data").path("assignee").isNull()).isTrue(); // alice is not in housekeeping
            }
            JsonNode arrived = h.await("new_conversation", e -> e.path("data").path("id").asLong() == g.conversation());
            assertEquals("housekeeping", arrived.path("data").path("department").asText());
            assertThat(arrived.path("data").has("assignee")).isFalse();

            // The old department's subscribers hear nothing more of it, and cannot subscribe again.
            h.subscribe(g.conversation());
            h.text(g.conversation(), "On our way");
            h.await("message", e -> e.path("data").path("content").asText().equals("On our way"));
            guestWrites(0, g, "Thank you!");
            h.await("message", e -> e.path("data").path("content").asText().equals("Thank you!"));
            c.send("{\"type\":\"subscribe_conversation\",\"conversation_id\":" + g.conversation() + "}");
            assertEquals("Conversation not found", c.await("error").get("message").asText());
            a.roundTrip();
            for (WsClient old : List.of(a, c)) {
                assertThat(old.history()).noneMatch(e -> e.toString().contains("On our way")
                        || e.toString().contains("Thank you!"));
            }
            assertEquals(404, cluster.api.get("/chat/conversations/" + g.conversation() + "/messages/", alice.token()).status());
            assertThat(listed(hk.token(), "?department=housekeeping", g.conversation())).isNotNull();
            assertEquals(403, cluster.api.get("/chat/conversations/?department=housekeeping", alice.token()).status());
        }
    }

    @Test
    void statusesSnoozeAndGuestMessagesReopen() {
        Staff alice = staff("s_alice", "reception");
        Staff bob = staff("s_bob", "reception");
        try (WsClient a = cluster.connect(0, alice.token()); WsClient b = cluster.connect(1, bob.token())) {
            Guest g = guest(alice.token(), "reception");
            Api.Reply pending = cluster.api(1).post("/chat/conversations/" + g.conversation() + "/status/", bob.token(),
                    "{\"status\":\"pending\"}");
            assertEquals(200, pending.status());
            assertEquals("pending", pending.body().get("status").asText());
            JsonNode event = a.await("conversation_status", e -> about(e, g.conversation()));
            assertEquals("pending", event.path("data").path("status").asText());
            assertEquals("active", event.path("data").path("previous_status").asText());
            assertEquals("staff", event.path("data").path("reason").asText());
            assertThat(listed(alice.token(), "?status=pending", g.conversation())).isNotNull();

            guestWrites(1, g, "Still there?");
            JsonNode reopened = b.await("conversation_status", e -> about(e, g.conversation())
                    && e.path("data").path("reason").asText().equals("guest_message"));
            assertEquals("active", reopened.path("data").path("status").asText());
            assertEquals("pending", reopened.path("data").path("previous_status").asText());

            // Bad input changes nothing.
            String past = Instant.now().minusSeconds(60).toString();
            a.send("{\"type\":\"set_conversation_status\",\"conversation_id\":" + g.conversation()
                    + ",\"status\":\"snoozed\",\"snoozed_until\":\"" + past + "\"}");
            assertEquals("'snoozed_until' must be in the future", a.await("error").get("message").asText());
            a.send("{\"type\":\"set_conversation_status\",\"conversation_id\":" + g.conversation() + ",\"status\":\"sleeping\"}");
            assertThat(a.await("error").get("message").asText()).contains("'status' must be one of");
            assertEquals(400, cluster.api.post("/chat/conversations/" + g.conversation() + "/status/", alice.token(),
                    "{\"status\":\"snoozed\"}").status());
            assertEquals("active", listed(alice.token(), "", g.conversation()).get("status").asText());

            // Snoozed: back to active by itself, announced once (two nodes run the timer).
            String until = Instant.now().plusMillis(1500).toString();
            a.send("{\"type\":\"set_conversation_status\",\"conversation_id\":" + g.conversation()
                    + ",\"status\":\"snoozed\",\"snoozed_until\":\"" + until + "\"}");
            JsonNode snoozed = b.await("conversation_status", e -> about(e, g.conversation())
                    && e.path("data").path("status").asText().equals("snoozed"));
            assertEquals(Instant.parse(until).truncatedTo(java.time.temporal.ChronoUnit.MICROS), Instant.parse(snoozed.path("data").path("snoozed_until").asText()));
            for (WsClient client : List.of(a, b)) {
                client.await("conversation_status", e -> about(e, g.conversation())
                        && e.path("data").path("reason").asText().equals("snooze_expired"), Duration.ofSeconds(10));
            }
            Awaitility.await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3)).until(() ->
                    a.history().stream().filter(e -> about(e, g.conversation())
                            && e.path("data").path("reason").asText().equals("snooze_expired")).count() == 1);
            assertEquals("active", listed(alice.token(), "", g.conversation()).get("status").asText());

            // Closed, then the guest comes back: the same conversation, active again.
            assertEquals(200, cluster.api.post("/chat/conversations/close/", alice.token(),
                    "{\"conversation_id\":" + g.conversation() + "}").status());
            guestWrites(0, g, "I am back");
            JsonNode back = a.await("conversation_status", e -> about(e, g.conversation())
                    && e.path("data").path("previous_status").asText().equals("closed"));
            assertEquals("guest_message", back.path("data").path("reason").asText());
            assertEquals("active", listed(alice.token(), "", g.conversation()).get("status").asText());
        }
    }

    @Test
    void aGuestWaitingTooLongRaisesOneAlertAndAnAnswerClearsTheWait() {
        Staff spa = staff("w_spa", "spa");
        Staff spa2 = staff("w_spa2", "spa");
        assertEquals(200, cluster.api.call("PATCH", "/admin/departments/spa/settings", cluster.admin,
                "{\"waiting_alert_seconds\":5}").status());
        assertEquals(400, cluster.api.call("PATCH", "/admin/departments/spa/settings", cluster.admin,
                "{\"waiting_alert_seconds\":1}").status());
        try (WsClient a = cluster.connect(0, spa.token()); WsClient b = cluster.connect(1, spa2.token())) {
            Guest g = guest(spa.token(), "spa");
            guestWrites(0, g, "Is the sauna open?");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                    listed(spa.token(), "?sort=waiting", g.conversation()) != null);
            Instant since = Instant.parse(listed(spa.token(), "", g.conversation()).get("waiting_since").asText());
            guestWrites(1, g, "Hello?");
            for (WsClient client : List.of(a, b)) {
                JsonNode alert = client.await("waiting_alert", e -> about(e, g.conversation()), Duration.ofSeconds(15));
                assertEquals(5, alert.path("data").path("threshold_seconds").asInt());
                assertEquals(since, Instant.parse(alert.path("data").path("waiting_since").asText())); // the first message
                assertThat(Duration.between(since, Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
            }
            Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() ->
                    count(a, "waiting_alert", g.conversation()) == 1 && count(b, "waiting_alert", g.conversation()) == 1);

            a.subscribe(g.conversation());
            a.text(g.conversation(), "Yes, until 22:00");
            a.await("message");
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
                    !listed(spa.token(), "", g.conversation()).has("waiting_since"));
            assertThat(listed(spa.token(), "?sort=waiting", g.conversation())).isNull();
        }
    }

    @Test
    void autoAssignmentNeverAssignsTwiceOrOverTheCapWhenNodesRace() throws Exception {
        Staff alice = staff("a_alice", "concierge");
        Staff bob = staff("a_bob", "concierge");
        staff("a_offline", "concierge"); // never connects: never assigned
        try (WsClient a = cluster.connect(0, alice.token()); WsClient b = cluster.connect(1, bob.token())) {
            List<Guest> guests = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                guests.add(guest(alice.token(), "concierge"));
            }
            assertEquals(200, cluster.api.call("PATCH", "/admin/departments/concierge/settings", cluster.admin,
                    "{\"auto_assign\":true,\"auto_assign_cap\":2}").status());
            // Every guest writes twice at once, once through each node.
            List<CompletableFuture<Void>> writes = new ArrayList<>();
            for (Guest g : guests) {
                writes.add(CompletableFuture.runAsync(() -> guestWrites(0, g, "hello " + g.number())));
                writes.add(CompletableFuture.runAsync(() -> guestWrites(1, g, "hi " + g.number())));
            }
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get();
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() ->
                    a.history().stream().filter(e -> e.path("type").asText().equals("conversation_assigned")).count() == 4);
            Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() ->
                    a.history().stream().filter(e -> e.path("type").asText().equals("conversation_assigned")).count() == 4);
            Map<Long, Integer> perAssignee = new HashMap<>();
            for (Guest g : guests) {
                long events = count(a, "conversation_assigned", g.conversation());
                assertThat(events).isLessThanOrEqualTo(1);
                JsonNode row = listed(alice.token(), "", g.conversation());
                if (row.has("assignee")) {
                    assertEquals(1, events);
                    perAssignee.merge(row.get("assignee").get("id").asLong(), 1, Integer::sum);
                }
            }
            assertEquals(Map.of(alice.id(), 2, bob.id(), 2), perAssignee);
            assertThat(a.history()).filteredOn(e -> e.path("type").asText().equals("conversation_assigned"))
                    .allMatch(e -> e.path("data").path("automatic").asBoolean() && e.path("data").path("assigned_by").isNull());
            // No attempt failed on the way (a deadlock between nodes would show here, not in the result).
            for (int node = 0; node < 2; node++) {
                String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create(cluster.api(node).base() + "/metrics")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                assertThat(metrics.lines().filter(l -> l.startsWith("chat_auto_assign_failures_total")))
                        .singleElement().asString().endsWith(" 0.0");
            }
        }
    }

    @Test
    void theListPagesWithACursorAndRefusesBadFilters() {
        Staff alice = staff("l_alice", "reception", "housekeeping");
        List<Long> opened = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            opened.add(guest(alice.token(), "housekeeping").conversation());
        }
        List<Long> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = cluster.api(1).get("/chat/conversations/?department=housekeeping&limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor), alice.token()).body();
            page.get("conversations").forEach(c -> seen.add(c.get("id").asLong()));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
        } while (cursor != null);
        assertThat(seen).doesNotHaveDuplicates().containsAll(opened);
        assertThat(seen.subList(0, 5)).containsExactlyElementsOf(opened.reversed());
        for (String bad : List.of("?status=open", "?sort=name", "?assignee=x", "?cursor=nonsense", "?limit=0")) {
            assertEquals(400, cluster.api.get("/chat/conversations/" + bad, alice.token()).status(), bad);
        }
    }
}
