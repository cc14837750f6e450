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
            long id = cluster.whatsAppConversation(a, "15550001234", "Note Guest", "My shower is cold");
            b.subscribe(id);
            String guestToken = guestToken(alice, id);
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
                // the message event, not the mention that may come before it on another channel with the same words
                JsonNode note = b.history().stream().filter(e -> e.path("type").asText().equals("message")
                        && content(e, staffSees.get(1))).findFirst().orElseThrow();
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
            String token = guestToken(alice, id);
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

    private static String guestToken(String staffToken, long conversationId) {
        return cluster.api.post("/chat/guest-tokens/", staffToken, "{\"conversation_id\":" + conversationId + "}")
                .body().get("token").asText();
    }

    private static int port(int node) {
        return cluster.nodes.get(node).port();
    }

    /**
     * The reported leak: a photo on a private note went to the guest with the next public reply. Counted at the fake
     * Cloud API: the note causes no request at all, the reply after it exactly one, a text without the photo.
     */
    @Test
    void aNotesFileReachesStaffOnlyAndNeverWhatsAppTheGuestsSocketOrTheGuestsDownloads() {
        String alice = cluster.user("nf_alice", "reception");
        String bob = cluster.user("nf_bob", "reception");
        String carol = cluster.user("nf_carol", "reception");
        try (WsClient a = cluster.connect(0, alice); WsClient b = cluster.connect(1, bob)) {
            long id = cluster.whatsAppConversation(a, "15550001301", "Tap Guest", "The tap is dripping");
            b.subscribe(id);
            String guestToken = guestToken(alice, id);
            try (WsClient guest = guestSocket(1, guestToken, 0)) {
                guest.await("message", e -> content(e, "The tap is dripping"));
                int requestsBefore = cloud.received();
                int uploadsBefore = cloud.uploads().size();

                MediaHttp.Uploaded photo = MediaHttp.upload(port(0), alice, TestFiles.png(), "tap.png", "image/png");
                assertEquals(201, photo.status(), photo.body().toString());
                a.send("{\"type\":\"note\",\"conversation_id\":" + id + ",\"content\":\"\",\"client_message_id\":"
                        + "\"nf-note-1\",\"attachments\":[\"" + photo.id() + "\"]}");
                JsonNode note = b.await("message", e -> e.path("data").path("private").asBoolean());
                assertEquals(photo.id(), MediaHttp.attachmentOf(note).path("id").asText());
                assertEquals("", note.path("data").path("content").asText(), "a file alone, no caption");
                assertEquals(200, MediaHttp.get(port(1), MediaHttp.attachmentOf(note).path("url").asText(), null).statusCode(),
                        "the signed link in the staff event opens it");
                assertEquals(200, MediaHttp.get(port(1), "/media/" + photo.id(), bob).statusCode());

                a.text(id, "A plumber is on the way");
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> cloud.accepted().stream()
                        .anyMatch(r -> r.path("text").path("body").asText().equals("A plumber is on the way")));
                assertEquals(1, cloud.received() - requestsBefore, "the reply only: " + cloud.requests());
                assertEquals(0, TestSql.queryLong(cluster.db, "SELECT count(*) FROM whatsapp_outbox WHERE message_id = ?",
                        note.path("data").path("id").asLong()), "no outbox row for the note");
                assertEquals(uploadsBefore, cloud.uploads().size(), "no file was uploaded to WhatsApp");
                JsonNode sent = cloud.requests().get(cloud.requests().size() - 1);
                assertEquals("text", sent.path("type").asText());

                // The guest's socket: the reply, and nothing of the note before it.
                guest.await("message", e -> content(e, "A plumber is on the way"));
                long noteId = note.path("data").path("id").asLong();
                assertThat(guest.messageIds()).doesNotContain(noteId);
                assertThat(guest.history()).noneMatch(e -> e.toString().contains(photo.id()));

                // No way for the guest to the file: its token, or a signed link of its own moved onto the file's id.
                assertEquals(404, MediaHttp.get(port(0), "/media/" + photo.id(), guestToken).statusCode());
                assertEquals(404, MediaHttp.get(port(1), "/media/" + photo.id() + "?token=" + guestToken, null)
                        .statusCode());
                MediaHttp.Uploaded own = MediaHttp.upload(port(1), guestToken, TestFiles.png(), "mine.png", "image/png");
                String ownLink = own.body().path("url").asText();
                assertEquals(200, MediaHttp.get(port(1), ownLink, null).statusCode());
                assertEquals(401, MediaHttp.get(port(1), ownLink.replace(own.id(), photo.id()), null).statusCode());

                // A retry of the note gets the original back; the file cannot go on a text as well.
                a.send("{\"type\":\"note\",\"conversation_id\":" + id + ",\"content\":\"\",\"client_message_id\":"
                        + "\"nf-note-1\",\"attachments\":[\"" + photo.id() + "\"]}");
                a.send("{\"type\":\"text\",\"conversation_id\":" + id + ",\"content\":\"see photo\",\"attachments\":[\""
                        + photo.id() + "\"]}");
                a.await("error", e -> e.path("message").asText().contains("upload the file again"));
                assertEquals(2, a.history().stream().filter(e -> e.path("type").asText().equals("message")
                        && e.path("data").path("id").asLong() == noteId).count(), "the live note and the retry's echo");
                assertThat(cluster.api.storedIds(alice, id)).hasSize(3);
            }
            // Resuming, the guest again steps over the note; staff get it with its file, in history too.
            try (WsClient resumed = guestSocket(0, guestToken, 0)) {
                resumed.await("message", e -> content(e, "A plumber is on the way"));
                assertThat(resumed.history()).noneMatch(e -> e.path("data").has("private")
                        || e.path("data").has("attachments"));
            }
            long first = cluster.api.storedIds(alice, id).get(0);
            try (WsClient c = cluster.connect(1, carol)) {
                c.send("{\"type\":\"subscribe_conversation\",\"conversation_id\":" + id + ",\"last_message_id\":"
                        + first + "}");
                c.await("message", e -> content(e, "A plumber is on the way"));
                JsonNode replayed = c.history().stream().filter(e -> e.path("data").path("private").asBoolean())
                        .findFirst().orElseThrow();
                assertThat(MediaHttp.attachmentOf(replayed).path("url").asText()).startsWith("/media/");
            }
            JsonNode history = cluster.api(1).get("/chat/conversations/" + id + "/messages/", carol).body().get("messages");
            assertThat(StreamSupport.stream(history.spliterator(), false).filter(m -> m.path("private").asBoolean())
                    .map(m -> m.path("attachments").get(0).path("id").asText())).containsExactly(
                    a.history().stream().filter(e -> e.path("data").path("private").asBoolean()).findFirst()
                            .orElseThrow().path("data").path("attachments").get(0).path("id").asText());
        }
    }

    @Test
    void anUploadATextUsedCannotGoOnANoteAndANoteOfAnotherDepartmentTakesNoFile() {
        String dan = cluster.user("nf_dan", "reception");
        String hk = cluster.user("nf_hk", "housekeeping");
        long id = cluster.conversation(dan, "reception");
        try (WsClient d = cluster.connect(0, dan); WsClient h = cluster.connect(1, hk)) {
            d.subscribe(id);
            MediaHttp.Uploaded used = MediaHttp.upload(port(0), dan, TestFiles.png(), "used.png", "image/png");
            d.send("{\"type\":\"text\",\"conversation_id\":" + id + ",\"content\":\"public\",\"attachments\":[\""
                    + used.id() + "\"]}");
            d.await("message", e -> content(e, "public"));
            d.send("{\"type\":\"note\",\"conversation_id\":" + id + ",\"content\":\"again\",\"attachments\":[\""
                    + used.id() + "\"]}");
            d.await("error", e -> e.path("message").asText().contains("upload the file again"));

            MediaHttp.Uploaded hks = MediaHttp.upload(port(1), hk, TestFiles.png(), "hk.png", "image/png");
            h.send("{\"type\":\"note\",\"conversation_id\":" + id + ",\"content\":\"x\",\"attachments\":[\""
                    + hks.id() + "\"]}");
            assertEquals("Conversation not found", h.await("error").get("message").asText());
            assertThat(cluster.api.storedIds(dan, id)).hasSize(1);
            assertEquals(200, MediaHttp.get(port(1), "/media/" + hks.id(), hk).statusCode(), "still the uploader's, unused");
        }
    }

    /** Staff typing a note: colleagues on the other node see it marked private; the guest's socket never sees it. */
    @Test
    void privateTypingReachesStaffSubscribersOnlyNeverTheGuest() {
        String erin = cluster.user("nt_erin", "reception");
        String finn = cluster.user("nt_finn", "reception");
        long id = cluster.conversation(erin, "reception");
        String guestToken = guestToken(erin, id);
        try (WsClient e = cluster.connect(0, erin); WsClient f = cluster.connect(1, finn);
             WsClient guest = guestSocket(1, guestToken, 0)) {
            e.subscribe(id);
            f.subscribe(id);
            guest.send("{\"type\":\"typing\",\"is_typing\":true}");
            f.await("typing", t -> t.path("data").path("user_name").asText().startsWith("Guest"));

            e.send("{\"type\":\"typing\",\"conversation_id\":" + id + ",\"is_typing\":true,\"private\":true}");
            JsonNode seen = f.await("typing", t -> t.path("data").path("is_typing").asBoolean());
            assertThat(seen.path("data").path("private").asBoolean()).isTrue();
            // The marker: a public typing of the same session, published after it through the guest's group.
            guest.assertNoneBefore("typing", t -> t.path("data").path("is_typing").asBoolean()
                            || t.path("data").has("private"),
                    () -> e.send("{\"type\":\"typing\",\"conversation_id\":" + id + ",\"is_typing\":false}"),
                    "typing", t -> !t.path("data").path("is_typing").asBoolean());
            JsonNode stopped = f.await("typing", t -> !t.path("data").path("is_typing").asBoolean());
            assertThat(stopped.path("data").has("private")).isFalse();

            e.send("{\"type\":\"typing\",\"conversation_id\":" + id + ",\"is_typing\":true,\"private\":\"yes\"}");
            assertEquals("'private' must be true or false", e.await("error").get("message").asText());
        }
    }

    private static JsonNode summary(String token, long id) {
        JsonNode list = cluster.api.get("/chat/conversations/", token).body().get("conversations");
        return StreamSupport.stream(list.spliterator(), false).filter(c -> c.get("id").asLong() == id).findFirst().orElseThrow();
    }
}
