package com.hotelchat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Labels, canned replies, the guest profile and search across two nodes, each scoped to departments. */
class ToolsTest {

    private static ClusterFixture cluster;

    private static ApiDocuments docs;
    private static String searcher;

    @BeforeAll
    static void start() {
        cluster = new ClusterFixture(2);
        cluster.api.department(cluster.admin, "housekeeping");
        docs = ApiDocuments.servedBy(cluster.nodes.get(0).port());
        searcher = cluster.user("se_searcher", "reception");
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static JsonNode listed(String token, String query, long id) {
        JsonNode list = cluster.api.get("/chat/conversations/" + query, token).body().get("conversations");
        return StreamSupport.stream(list.spliterator(), false).filter(c -> c.get("id").asLong() == id).findFirst().orElse(null);
    }

    @Test
    void labelsAreManagedByAdminsPutOnByStaffLiveOnEveryNodeAndFilterTheList() {
        String alice = cluster.user("lb_alice", "reception");
        String bob = cluster.user("lb_bob", "reception");
        String hk = cluster.user("lb_hk", "housekeeping");
        Api.Reply vip = cluster.api.post("/admin/labels", cluster.admin, "{\"name\":\"vip\",\"color\":\"#b00020\"}");
        assertEquals(201, vip.status());
        long vipId = vip.body().get("id").asLong();
        assertEquals(409, cluster.api.post("/admin/labels", cluster.admin, "{\"name\":\"vip\",\"color\":\"#000000\"}").status());
        assertEquals(400, cluster.api.post("/admin/labels", cluster.admin, "{\"name\":\"VIP!\",\"color\":\"red\"}").status());
        assertEquals(403, cluster.api.post("/admin/labels", alice, "{\"name\":\"mine\",\"color\":\"#000000\"}").status());
        long id = cluster.conversation(alice, "reception");
        try (WsClient b = cluster.connect(1, bob); WsClient h = cluster.connect(1, hk)) {
            Api.Reply put = cluster.api(0).post("/chat/conversations/" + id + "/labels/", alice, "{\"label_id\":" + vipId + "}");
            assertEquals(200, put.status());
            JsonNode event = b.await("conversation_labels", e -> e.path("data").path("conversation_id").asLong() == id);
            assertEquals("vip", event.path("data").path("labels").get(0).path("name").asText());
            assertEquals("#b00020", event.path("data").path("labels").get(0).path("color").asText());
            assertThat(listed(bob, "?label=vip", id)).isNotNull();
            assertEquals("vip", listed(bob, "", id).path("labels").get(0).path("name").asText());
            assertEquals(400, cluster.api.post("/chat/conversations/" + id + "/labels/", alice, "{\"label_id\":999999}").status());
            assertEquals(404, cluster.api.post("/chat/conversations/" + id + "/labels/", hk, "{\"label_id\":" + vipId + "}").status());

            assertEquals(200, cluster.api(1).call("DELETE", "/chat/conversations/" + id + "/labels/" + vipId, bob, null).status());
            JsonNode removed = b.await("conversation_labels", e -> e.path("data").path("labels").isEmpty());
            assertEquals(id, removed.path("data").path("conversation_id").asLong());
            assertThat(listed(bob, "?label=vip", id)).isNull();
            h.roundTrip();
            assertThat(h.history()).noneMatch(e -> e.path("type").asText().equals("conversation_labels"));
        }
    }

    @Test
    void cannedRepliesFillInTheConversationAndBelongToTheirDepartmentOrOwner() {
        String alice = cluster.user("cr_alice", "reception");
        String bob = cluster.user("cr_bob", "reception");
        String hk = cluster.user("cr_hk", "housekeeping");
        Api.Reply wifi = cluster.api.post("/chat/canned-replies/", alice, "{\"code\":\"wifi\",\"department\":\"reception\","
                + "\"text\":\"Hello {guest_name}, the Wi-Fi code for room {room_number} is HOTEL. {agent_name}\"}");
        assertEquals(201, wifi.status());
        assertEquals(409, cluster.api.post("/chat/canned-replies/", bob, "{\"code\":\"wifi\",\"department\":\"reception\","
                + "\"text\":\"again\"}").status());
        assertEquals(403, cluster.api.post("/chat/canned-replies/", hk, "{\"code\":\"x\",\"department\":\"reception\","
                + "\"text\":\"no\"}").status());
        assertEquals(400, cluster.api.post("/chat/canned-replies/", alice, "{\"code\":\"Wi Fi\",\"text\":\"x\"}").status());
        assertEquals(201, cluster.api.post("/chat/canned-replies/", bob, "{\"code\":\"wifi\",\"text\":\"Bob's own: {agent_name}\"}").status());

        long id = cluster.api.conversation(alice, "reception", "+14155550777", "Ana Lopez");
        Api.Reply rendered = cluster.api(1).get("/chat/conversations/" + id + "/canned-replies/wifi", alice);
        assertEquals("Hello Ana Lopez, the Wi-Fi code for room 101 is HOTEL. " + SingleNodeFixture.displayName("cr_alice"),
                rendered.body().get("text").asText());
        assertEquals("Bob's own: " + SingleNodeFixture.displayName("cr_bob"),
                cluster.api.get("/chat/conversations/" + id + "/canned-replies/wifi", bob).body().get("text").asText());
        assertEquals(404, cluster.api.get("/chat/conversations/" + id + "/canned-replies/wifi", hk).status());
        assertThat(StreamSupport.stream(cluster.api.get("/chat/canned-replies/", hk).body().get("canned_replies")
                .spliterator(), false)).noneMatch(r -> r.get("code").asText().equals("wifi"));

        // Sent, then the reply deleted: the message keeps its text.
        try (WsClient a = cluster.connect(0, alice)) {
            a.subscribe(id);
            a.text(id, rendered.body().get("text").asText());
            a.await("message");
        }
        long replyId = wifi.body().get("id").asLong();
        assertEquals(404, cluster.api.call("DELETE", "/chat/canned-replies/" + replyId, hk, null).status());
        assertEquals(200, cluster.api.call("DELETE", "/chat/canned-replies/" + replyId, bob, null).status());
        JsonNode history = cluster.api.get("/chat/conversations/" + id + "/messages/", alice).body().get("messages");
        assertThat(history.get(0).get("content").asText()).startsWith("Hello Ana Lopez, the Wi-Fi code");
    }

    @Test
    void theGuestProfileIsEditedBesideTheConversationAndLiveOnEveryNode() {
        String alice = cluster.user("gp_alice", "reception");
        String bob = cluster.user("gp_bob", "reception");
        long id = cluster.api.conversation(alice, "reception", "+14155550778", "Kenji Sato");
        try (WsClient b = cluster.connect(1, bob)) {
            Api.Reply updated = cluster.api(0).call("PATCH", "/chat/conversations/" + id + "/guest/", alice,
                    "{\"room_number\":\"512\",\"check_in\":\"2026-12-01\",\"check_out\":\"2026-12-05\",\"language\":\"ja\","
                            + "\"notes\":\"Allergic to peanuts\"}");
            assertEquals(200, updated.status());
            JsonNode event = b.await("guest_updated", e -> e.path("data").path("conversation_id").asLong() == id);
            assertEquals("512", event.path("data").path("guest").path("room_number").asText());
            assertEquals("2026-12-05", event.path("data").path("guest").path("check_out").asText());
            assertEquals("Allergic to peanuts", event.path("data").path("guest").path("notes").asText());
            JsonNode profile = cluster.api(1).get("/chat/conversations/" + id + "/guest/", bob).body();
            assertEquals("ja", profile.get("language").asText());
            assertEquals("512", listed(bob, "", id).path("guest_info").path("room_number").asText());
            assertEquals("2026-12-05", listed(bob, "", id).path("guest_info").path("check_out").asText());
            assertEquals("ja", listed(bob, "", id).path("guest_info").path("language").asText());
            for (String bad : List.of("{\"check_in\":\"2026-12-06\"}", "{\"check_out\":\"tomorrow\"}",
                    "{\"language\":\"Klingon language\"}", "{\"name\":\"\"}", "{\"notes\":\"" + "n".repeat(2001) + "\"}")) {
                assertEquals(400, cluster.api.call("PATCH", "/chat/conversations/" + id + "/guest/", alice, bad).status(), bad);
            }
            assertEquals("2026-12-01", cluster.api.get("/chat/conversations/" + id + "/guest/", alice).body()
                    .get("check_in").asText());
        }
    }

    @Test
    void searchFindsMessagesNotesAndGuestsOfTheCallersDepartmentsOnlyAndOpensAtTheHit() {
        String alice = cluster.user("se_alice", "reception");
        String hk = cluster.user("se_hk", "housekeeping");
        long mine = cluster.api.conversation(alice, "reception", "+14155550779", "Olga Petrova");
        long theirs = cluster.api.conversation(hk, "housekeeping", "+14155550780", "Olga Other");
        try (WsClient a = cluster.connect(0, alice); WsClient h = cluster.connect(1, hk)) {
            a.subscribe(mine);
            for (int i = 0; i < 30; i++) {
                a.text(mine, i == 10 ? "The saxophone lesson is at five" : "filler message " + i);
            }
            a.send("{\"type\":\"note\",\"conversation_id\":" + mine + ",\"content\":\"Saxophone teacher booked\"}");
            a.await("message", e -> e.path("data").path("content").asText().equals("Saxophone teacher booked"));
            h.subscribe(theirs);
            h.text(theirs, "Saxophone case found in room 9");
            h.await("message");
        }
        JsonNode result = cluster.api(1).get("/chat/search/?q=saxophone", alice).body();
        List<String> snippets = StreamSupport.stream(result.get("hits").spliterator(), false)
                .map(hit -> hit.get("snippet").asText()).toList();
        assertThat(snippets).hasSize(2).allMatch(s -> s.contains("«"));
        assertThat(snippets).noneMatch(s -> s.contains("case found")); // housekeeping's: never a reception hit
        assertThat(result.get("hits").get(0).get("private_note").asBoolean()).isTrue();
        assertThat(StreamSupport.stream(result.get("guests").spliterator(), false).map(g -> g.get("guest_name").asText()))
                .isEmpty();
        JsonNode guests = cluster.api.get("/chat/search/?q=olga", alice).body().get("guests");
        assertThat(StreamSupport.stream(guests.spliterator(), false).map(g -> g.get("conversation_id").asLong()))
                .containsExactly(mine);
        assertEquals(1, cluster.api.get("/chat/search/?q=14155550779", alice).body().get("guests").size());
        assertEquals(1, cluster.api.get("/chat/search/?q=%2B14155550779", alice).body().get("guests").size());
        assertEquals(0, cluster.api.get("/chat/search/?q=14155550780", alice).body().get("guests").size()); // not mine

        // Opening a hit: the history around it.
        long hit = result.get("hits").get(1).get("message_id").asLong();
        JsonNode around = cluster.api.get("/chat/conversations/" + mine + "/messages/?around_id=" + hit + "&limit=6", alice)
                .body().get("messages");
        List<Long> ids = StreamSupport.stream(around.spliterator(), false).map(m -> m.get("id").asLong()).toList();
        assertThat(ids).hasSize(6).contains(hit).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(ids.get(0)).isGreaterThan(hit);
        assertThat(ids.get(5)).isLessThan(hit);

        // Transferred: its messages are found by the new department only.
        assertEquals(200, cluster.api.post("/chat/conversations/" + mine + "/transfer/", alice,
                "{\"department\":\"housekeeping\"}").status());
        assertThat(cluster.api.get("/chat/search/?q=saxophone", alice).body().get("hits")).isEmpty();
        assertThat(StreamSupport.stream(cluster.api.get("/chat/search/?q=saxophone", hk).body().get("hits").spliterator(), false)
                .map(found -> found.get("conversation_id").asLong())).containsExactlyInAnyOrder(mine, mine, theirs);

        // Words are prefixes: part of a word finds it (the console searches as the agent types).
        assertThat(cluster.api.get("/chat/search/?q=SAXOPH", hk).body().get("hits")).hasSize(3);
        assertThat(cluster.api.get("/chat/search/?q=saxophone%20les", hk).body().get("hits")).hasSize(1);
        assertThat(cluster.api.get("/chat/search/?q=%22saxophone%20lesson%22", hk).body().get("hits")).hasSize(1);
        assertThat(cluster.api.get("/chat/search/?q=%22saxophone%20less%22", hk).body().get("hits")).isEmpty();
        assertEquals(1, cluster.api.get("/chat/search/?q=olg%20petr", hk).body().get("guests").size());
    }

    /**
     * Hostile and odd {@code q} (sent as raw bytes: percent-escapes as given, malformed ones too): results, or a 400
     * whose body is the usual {@code {"error": sentence}} of the OpenAPI document; never a 500, never a trace.
     */
    @ParameterizedTest(name = "q={0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            %00                             | 400 | must not contain control characters
            sax%00ophone                    | 400 | must not contain control characters
            %01%02sax                       | 400 | must not contain control characters
            %1B%5B31msax                    | 400 | must not contain control characters
            sax%09ophone%0D%0Aoboe          | 200 |
            %ED%A0%80                       | 400 | not valid UTF-8
            sax%ED%B0%80                    | 400 | not valid UTF-8
            %C3%28                          | 400 | not valid UTF-8
            sax%FF                          | 400 | not valid UTF-8
            %                               | 400 | malformed
            sax%zz                          | 400 | malformed
            %22%22%22                       | 400 | no word to look for
            %22sax                          | 200 |
            sax%22                          | 200 |
            OR                              | 200 |
            -sax                            | 200 |
            OR%20-                          | 200 |
            -                               | 400 | no word to look for
            -%20-%20-                       | 400 | no word to look for
            %F0%9F%98%80                    | 400 | no word to look for
            %26%7C!%3A*()%27%5C%22          | 400 | no word to look for
            %3A*%20%26%26%20!!              | 400 | no word to look for
            a%3A*b%20%3C-%3E%20c            | 200 |
            sax%20OR%20-%22%22              | 200 |
            %22lesson%20is%22               | 200 |
            x%27)%3B%20DROP%20TABLE%20messages%3B-- | 200 |
            """)
    void hostileQueriesGetResultsOrAClearBadRequest(String q, int status, String says) {
        expectSearch(q, status, says);
    }

    /** Sizes: 200 characters and 20 words at most, said in the error; runs of dashes (a 500 before) are refused. */
    @Test
    void longQueriesAndManyWordsGetAClearBadRequest() {
        expectSearch("-".repeat(60), 400, "no word to look for");
        expectSearch("-".repeat(199) + "x", 200, null);
        expectSearch("-".repeat(201), 400, "'q' must be at most 200 characters");
        expectSearch("x".repeat(200), 200, null);
        expectSearch("%C3%A9".repeat(200), 200, null);
        expectSearch("%C3%A9".repeat(201), 400, "'q' must be at most 200 characters");
        expectSearch("a".repeat(2_000), 400, "'q' must be at most 200 characters");
        expectSearch("a".repeat(10_000), 400, "at most 8192 bytes");
        expectSearch("%E6%9D%B1".repeat(10_000), 400, "at most 8192 bytes");
        expectSearch("a+".repeat(100), 200, null);
        StringBuilder words = new StringBuilder();
        for (int i = 0; i < 21; i++) {
            words.append("w").append(i).append('+');
        }
        expectSearch(words.toString(), 400, "'q' may hold at most 20 words and phrases");
        expectSearch("sax+%22a%22+".repeat(12), 200, null);
    }

    /** Raw UTF-8 in the request line (curl sends it unencoded) is read as UTF-8; other raw bytes are a 400. */
    @Test
    void rawBytesInTheQueryAreReadAsUtf8() {
        long id = cluster.api.conversation(searcher, "reception", "+14155550781", "Raw Guest");
        try (WsClient s = cluster.connect(1, searcher)) {
            s.subscribe(id);
            s.text(id, "Le caf\u00e9 est froid");
            s.await("message");
        }
        RawAnswer found = rawSearch("caf\u00e9".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(200, found.status(), found.body().toString());
        assertThat(found.body().get("hits")).hasSize(1);
        RawAnswer latin1 = rawSearch("caf\u00e9".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertEquals(400, latin1.status());
        assertThat(latin1.body().get("error").asText()).contains("not valid UTF-8");
    }

    private record RawAnswer(int status, JsonNode body) {}

    private static void expectSearch(String q, int status, String says) {
        RawAnswer answer = rawSearch(q.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertEquals(status, answer.status(), q + " -> " + answer.body());
        docs.checkRest("GET", "/chat/search/", answer.status(), answer.body());
        if (status == 400) {
            assertThat(answer.body().get("error").asText()).contains(says);
        }
    }

    /** GET /chat/search/?q= with exactly these bytes after {@code q=}, over a plain socket (no client re-encoding). */
    private static RawAnswer rawSearch(byte[] q) {
        try (java.net.Socket socket = new java.net.Socket("localhost", cluster.nodes.get(0).port())) {
            socket.setSoTimeout(10_000);
            java.io.ByteArrayOutputStream request = new java.io.ByteArrayOutputStream();
            request.writeBytes("GET /chat/search/?q=".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            request.writeBytes(q);
            request.writeBytes((" HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + searcher
                    + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().write(request.toByteArray());
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            int status = Integer.parseInt(answer.substring(9, 12));
            String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
            return new RawAnswer(status, new com.fasterxml.jackson.databind.ObjectMapper().readTree(body));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
