package com.hotelchat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import javax.imageio.ImageIO;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Files both ways across two nodes, with WhatsApp on (a fake Cloud API): staff photos to a colleague on the other
 * node and out to WhatsApp exactly once, stripped of their EXIF; guests' voice notes, documents and locations in from
 * WhatsApp (with retries, or marked unavailable); web-chat guests sending and receiving files; and every kind of bad
 * input refused with nothing stored.
 */
class MediaTest {

    private static FakeCloudApi cloud;
    private static ClusterFixture cluster;

    @BeforeAll
    static void start() {
        cloud = new FakeCloudApi();
        cluster = new ClusterFixture(2, cloud.nodeEnvironment(Map.of("CHAT_MEDIA_UNUSED_TTL_SECONDS", "6",
                "CHAT_MEDIA_MAX_UPLOADS_PER_HOUR", "8")));
        cluster.api.department(cluster.admin, "housekeeping");
    }

    @AfterAll
    static void stop() {
        cluster.close();
        cloud.close();
    }

    private static int port(int node) {
        return cluster.nodes.get(node).port();
    }

    @Test
    void aStaffPhotoReachesAColleagueOnTheOtherNodeAndTheGuestOnceWithoutItsExif() throws IOException {
        String alice = cluster.user("m_alice", "reception");
        String bob = cluster.user("m_bob", "reception");
        byte[] photo = TestFiles.jpegWithExif();
        assertTrue(TestFiles.contains(photo, TestFiles.GPS_TEXT));
        try (WsClient a = cluster.connect(0, alice); WsClient b = cluster.connect(1, bob)) {
            long id = cluster.whatsAppConversation(a, "15550002001", "Photo Guest", "The AC is broken");
            b.subscribe(id);

            MediaHttp.Uploaded up = MediaHttp.upload(port(0), alice, photo, "../../IMG_0042.jpg", "text/html");
            assertEquals(201, up.status(), up.body().toString());
            assertEquals("image", up.body().path("type").asText());
            assertEquals("image/jpeg", up.body().path("content_type").asText(), "the type comes from the bytes");
            assertEquals("IMG_0042.jpg", up.body().path("name").asText(), "no path in a file name");

            a.send("{\"type\":\"text\",\"conversation_id\":" + id + ",\"content\":\"Is it this one?\",\"attachments\":[\""
                    + up.id() + "\"]}");
            JsonNode seen = b.await("message", e -> e.path("data").path("content").asText().equals("Is it this one?"));
            JsonNode file = MediaHttp.attachmentOf(seen);
            assertEquals(up.id(), file.path("id").asText());
            assertEquals("image", file.path("type").asText());
            assertTrue(file.path("available").asBoolean());

            HttpResponse<byte[]> got = MediaHttp.get(port(1), file.path("url").asText(), null);
            assertEquals(200, got.statusCode());
            assertEquals("image/jpeg", got.headers().firstValue("Content-Type").orElseThrow());
            assertEquals("nosniff", got.headers().firstValue("X-Content-Type-Options").orElseThrow());
            assertThat(got.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'none'")
                    .contains("sandbox");
            assertThat(got.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("inline");
            assertFalse(TestFiles.contains(got.body(), TestFiles.GPS_TEXT), "the EXIF block is gone");
            assertTrue(TestFiles.contains(got.body(), "Exif"), "the orientation is written back");
            assertEquals(64, ImageIO.read(new ByteArrayInputStream(got.body())).getWidth(), "still the same image");
            assertEquals(file.path("size").asLong(), got.body().length);

            // Out to WhatsApp: uploaded once, then sent once as an image with the text as its caption.
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> cloud.accepted().stream()
                    .anyMatch(r -> r.path("image").path("caption").asText().equals("Is it this one?")));
            assertEquals(1, cloud.uploads().size());
            assertFalse(TestFiles.contains(cloud.uploads().get(0).multipartBody(), TestFiles.GPS_TEXT));
            JsonNode sent = cloud.accepted().stream().filter(r -> r.path("type").asText().equals("image")).findFirst()
                    .orElseThrow();
            assertEquals(cloud.uploads().get(0).id(), sent.path("image").path("id").asText());
            a.await("message_status", e -> e.path("data").path("status").asText().equals("sent"));

            // History on either node carries the attachment with a fresh link.
            JsonNode history = cluster.api(1).get("/chat/conversations/" + id + "/messages/", bob).body();
            JsonNode stored = findMessage(history, "Is it this one?");
            assertEquals(up.id(), stored.path("attachments").get(0).path("id").asText());
            assertEquals(200, MediaHttp.get(port(0), stored.path("attachments").get(0).path("url").asText(), null)
                    .statusCode());

            // The same upload cannot go on a second message.
            a.send("{\"type\":\"text\",\"conversation_id\":" + id + ",\"content\":\"again\",\"attachments\":[\""
                    + up.id() + "\"]}");
            a.await("error", e -> e.path("message").asText().contains("upload the file again"));
        }
        assertEquals(1, cloud.uploads().size(), "sent exactly once");
    }

    private static JsonNode findMessage(JsonNode history, String content) {
        JsonNode list = history.has("results") ? history.get("results") : history.path("messages");
        for (JsonNode m : list) {
            if (m.path("content").asText().equals(content)) {
                return m;
            }
        }
        throw new AssertionError("no message '" + content + "' in " + history);
    }

    @Test
    void guestsVoiceNotesDocumentsAndLocationsArriveFromWhatsApp() {
        String carol = cluster.user("m_carol", "reception");
        cloud.guestFile("media.voice.1", TestFiles.voiceNote(), "audio/ogg; codecs=opus", 2);
        cloud.guestFile("media.doc.1", TestFiles.pdf(), "application/pdf", 0);
        try (WsClient c = cluster.connect(0, carol)) {
            long id = cluster.whatsAppConversation(c, "15550002002", "Voice Guest", "Hello");
            Webhooks.post(port(1), Webhooks.message("15550002002", "Voice Guest", "{\"from\":\"15550002002\","
                    + "\"id\":\"wamid.voice.1\",\"timestamp\":\"1700000001\",\"type\":\"audio\",\"audio\":{\"id\":"
                    + "\"media.voice.1\",\"mime_type\":\"audio/ogg; codecs=opus\",\"voice\":true}}"));
            JsonNode voice = c.await("message", e -> e.path("data").path("attachments").path(0).path("type").asText()
                    .equals("audio"), Duration.ofSeconds(20));
            JsonNode audio = MediaHttp.attachmentOf(voice);
            assertTrue(audio.path("available").asBoolean(), "fetched after two failed attempts: " + voice);
            assertThat(audio.path("content_type").asText()).startsWith("audio/");
            assertThat(cloud.mediaLookups.get()).isGreaterThanOrEqualTo(3);
            HttpResponse<byte[]> played = MediaHttp.get(port(0), audio.path("url").asText(), null);
            assertEquals(200, played.statusCode());
            assertThat(played.body()).isEqualTo(TestFiles.voiceNote());

            Webhooks.post(port(0), Webhooks.message("15550002002", "Voice Guest", "{\"from\":\"15550002002\","
                    + "\"id\":\"wamid.doc.1\",\"timestamp\":\"1700000002\",\"type\":\"document\",\"document\":{\"id\":"
                    + "\"media.doc.1\",\"mime_type\":\"application/pdf\",\"filename\":\"booking.pdf\","
                    + "\"caption\":\"My booking\"}}"));
            JsonNode doc = c.await("message", e -> e.path("data").path("content").asText().equals("My booking"));
            assertEquals("booking.pdf", MediaHttp.attachmentOf(doc).path("name").asText());
            HttpResponse<byte[]> pdf = MediaHttp.get(port(1), MediaHttp.attachmentOf(doc).path("url").asText(), null);
            assertThat(pdf.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment")
                    .contains("booking.pdf");

            Webhooks.post(port(1), Webhooks.message("15550002002", "Voice Guest", "{\"from\":\"15550002002\","
                    + "\"id\":\"wamid.gone.1\",\"timestamp\":\"1700000003\",\"type\":\"image\",\"image\":{\"id\":"
                    + "\"media.does-not-exist\",\"mime_type\":\"image/jpeg\",\"caption\":\"Lost photo\"}}"));
            JsonNode lost = c.await("message", e -> e.path("data").path("content").asText().equals("Lost photo"));
            assertFalse(MediaHttp.attachmentOf(lost).path("available").asBoolean(), "kept, the file marked unavailable");
            assertFalse(MediaHttp.attachmentOf(lost).has("url"));

            Webhooks.post(port(0), Webhooks.message("15550002002", "Voice Guest", "{\"from\":\"15550002002\","
                    + "\"id\":\"wamid.loc.1\",\"timestamp\":\"1700000004\",\"type\":\"location\",\"location\":{"
                    + "\"latitude\":41.297445,\"longitude\":2.0832941,\"name\":\"Barcelona Airport\","
                    + "\"address\":\"El Prat de Llobregat\"}}"));
            JsonNode place = c.await("message", e -> e.path("data").has("location"));
            assertEquals(41.297445, place.path("data").path("location").path("latitude").asDouble(), 1e-9);
            assertEquals("Barcelona Airport", place.path("data").path("location").path("name").asText());
            assertThat(place.path("data").path("content").asText()).contains("Barcelona Airport");

            // The webhook delivered again stores nothing and fetches nothing.
            int lookups = cloud.mediaLookups.get();
            Webhooks.post(port(1), Webhooks.message("15550002002", "Voice Guest", "{\"from\":\"15550002002\","
                    + "\"id\":\"wamid.voice.1\",\"timestamp\":\"1700000001\",\"type\":\"audio\",\"audio\":{\"id\":"
                    + "\"media.voice.1\",\"mime_type\":\"audio/ogg; codecs=opus\",\"voice\":true}}"));
            c.roundTrip();
            Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                    .until(() -> cloud.mediaLookups.get() == lookups);
            assertEquals(1, c.history().stream().filter(e -> e.path("type").asText().equals("message")
                    && e.path("data").path("attachments").path(0).path("type").asText().equals("audio")).count());
        }
    }

    @Test
    void aWebChatGuestSendsAndReceivesFiles() {
        String dan = cluster.user("m_dan", "reception");
        try (WsClient d = cluster.connect(0, dan)) {
            long id = cluster.api.conversation(dan, "reception", "+15550002003", "Web Guest");
            d.subscribe(id);
            String guestToken = cluster.api.post("/chat/guest-tokens/", dan, "{\"conversation_id\":" + id + "}")
                    .body().get("token").asText();
            try (WsClient guest = WsClient.connect(URI.create("ws://localhost:" + port(1) + "/ws/guest/?token="
                    + guestToken), Map.of())) {
                guest.roundTrip();
                MediaHttp.Uploaded up = MediaHttp.upload(port(1), guestToken, TestFiles.png(), "bathroom.png",
                        "application/octet-stream");
                assertEquals(201, up.status(), up.body().toString());
                guest.send("{\"type\":\"text\",\"attachments\":[\"" + up.id() + "\"]}");
                JsonNode fromGuest = d.await("message", e -> e.path("data").path("sender_type").asText().equals("guest"));
                assertEquals("image/png", MediaHttp.attachmentOf(fromGuest).path("content_type").asText());
                assertEquals(200, MediaHttp.get(port(0), "/media/" + up.id(), dan).statusCode(), "staff with a token");

                MediaHttp.Uploaded reply = MediaHttp.upload(port(0), dan, TestFiles.pdf(), "menu.pdf", "application/pdf");
                d.send("{\"type\":\"text\",\"conversation_id\":" + id + ",\"content\":\"Our menu\",\"attachments\":[\""
                        + reply.id() + "\"]}");
                JsonNode toGuest = guest.await("message", e -> e.path("data").path("content").asText().equals("Our menu"));
                assertEquals(200, MediaHttp.get(port(1), MediaHttp.attachmentOf(toGuest).path("url").asText(), null).statusCode());
                assertEquals(200, MediaHttp.get(port(1), "/media/" + reply.id(), guestToken).statusCode(),
                        "the guest's own token opens its conversation's files");
            }
        }
    }

    @Test
    void badInputIsRefusedClearlyAndStoresNothing() throws Exception {
        String erin = cluster.user("m_erin", "reception");
        String frank = cluster.user("m_frank", "reception");
        String hk = cluster.user("m_hk", "housekeeping");
        long before = mediaRows();

        assertEquals(401, MediaHttp.upload(port(0), null, TestFiles.png(), "x.png", "image/png").status());
        byte[] html = "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8);
        MediaHttp.Uploaded script = MediaHttp.upload(port(0), erin, html, "photo.jpg", "image/jpeg");
        assertEquals(415, script.status());
        assertThat(script.body().path("error").asText()).contains("text/html").contains("not accepted");
        byte[] huge = new byte[6_000_000];
        System.arraycopy(TestFiles.png(), 0, huge, 0, TestFiles.png().length);
        MediaHttp.Uploaded tooLarge = MediaHttp.upload(port(0), erin, huge, "huge.png", "image/png");
        assertEquals(413, tooLarge.status());
        assertThat(tooLarge.body().path("error").asText()).contains("too large");
        byte[] broken = java.util.Arrays.copyOf(TestFiles.jpegWithExif(), 40);
        assertEquals(400, MediaHttp.upload(port(0), erin, broken, "cut.jpg", "image/jpeg").status());
        // A connection that drops mid-upload: the server sees the body end early (the client is gone, so it hears no
        // answer; a client still listening would get a 400 saying the upload was cut short).
        String truncated = truncatedUpload(port(1), erin);
        assertThat(truncated).satisfiesAnyOf(answer -> assertThat(answer).isEmpty(),
                answer -> assertThat(answer).startsWith("HTTP/1.1 400").contains("cut short"));
        assertEquals(before, mediaRows(), "nothing half-stored");

        // Someone else's upload, or one that does not exist, cannot go on a message.
        long id = cluster.api.conversation(erin, "reception", "+15550002004", "Bad Input Guest");
        try (WsClient e = cluster.connect(0, erin)) {
            MediaHttp.Uploaded franks = MediaHttp.upload(port(1), frank, TestFiles.png(), "f.png", "image/png");
            e.send("{\"type\":\"text\",\"conversation_id\":" + id + ",\"content\":\"x\",\"attachments\":[\""
                    + franks.id() + "\"]}");
            e.await("error", ev -> ev.path("message").asText().contains("upload the file again"));
            e.send("{\"type\":\"text\",\"conversation_id\":" + id + ",\"attachments\":\"nope\"}");
            e.await("error", ev -> ev.path("message").asText().contains("'attachments'"));
            e.send("{\"type\":\"text\",\"conversation_id\":" + id + "}");
            e.await("error", ev -> ev.path("message").asText().contains("'content' is required"));
            assertEquals(0, cluster.api.storedIds(erin, id).size(), "no message stored");
            // An unused upload is for its uploader only; another department never sees a conversation's file.
            assertEquals(404, MediaHttp.get(port(0), "/media/" + franks.id(), erin).statusCode());
            assertEquals(200, MediaHttp.get(port(0), "/media/" + franks.id(), frank).statusCode());
            MediaHttp.Uploaded mine = MediaHttp.upload(port(0), erin, TestFiles.png(), "e.png", "image/png");
            e.subscribe(id);
            e.send("{\"type\":\"text\",\"conversation_id\":" + id + ",\"attachments\":[\"" + mine.id() + "\"]}");
            JsonNode sent = e.await("message", ev -> ev.path("data").path("attachments").size() == 1);
            assertEquals(404, MediaHttp.get(port(1), "/media/" + mine.id(), hk).statusCode());
            String link = MediaHttp.attachmentOf(sent).path("url").asText();
            assertEquals(401, MediaHttp.get(port(1), link.replaceAll("sig=[^&]+", "sig=forged"), null).statusCode());
            assertEquals(401, MediaHttp.get(port(1), link.replaceAll("expires=\\d+", "expires=1700000000"), null)
                    .statusCode());
            assertEquals(401, MediaHttp.get(port(1), "/media/" + mine.id(), null).statusCode());

            // Unused uploads go after CHAT_MEDIA_UNUSED_TTL_SECONDS (6 s here; a day by default); used ones stay.
            Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> MediaHttp.get(port(1), "/media/" + franks.id(), frank).statusCode() == 404);
            assertEquals(200, MediaHttp.get(port(1), "/media/" + mine.id(), erin).statusCode());
        }
    }

    @Test
    void noTransactionIsOpenWhileAGuestsFileDownloads() throws Exception {
        String ivy = cluster.user("m_ivy", "reception");
        cloud.guestFile("media.slow.1", TestFiles.pdf(), "application/pdf", 0, 4000);
        try (WsClient i = cluster.connect(0, ivy)) {
            cluster.whatsAppConversation(i, "15550002005", "Slow Guest", "Here comes my passport");
            int before = cloud.downloads.get();
            Webhooks.post(port(1), Webhooks.message("15550002005", "Slow Guest", "{\"from\":\"15550002005\","
                    + "\"id\":\"wamid.slow.1\",\"timestamp\":\"1700000009\",\"type\":\"document\",\"document\":{"
                    + "\"id\":\"media.slow.1\",\"mime_type\":\"application/pdf\",\"filename\":\"passport.pdf\"}}"));
            // The fake is now holding the download for 4 s: whatever the node keeps open meanwhile is open now.
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> cloud.downloads.get() > before);
            assertEquals(0, openTransactions(), "a download never holds a transaction (nor the webhook's row lock)");
            JsonNode doc = i.await("message", e -> e.path("data").path("attachments").path(0).path("name").asText()
                    .equals("passport.pdf"), Duration.ofSeconds(15));
            assertTrue(MediaHttp.attachmentOf(doc).path("available").asBoolean());
        }
    }

    /** Connections of the nodes to the test database that sit inside a transaction right now. */
    private static long openTransactions() throws SQLException {
        try (Connection c = DriverManager.getConnection(cluster.db.jdbcUrl(), cluster.db.user(), cluster.db.password());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                     + "AND state LIKE 'idle in transaction%' AND pid <> pg_backend_pid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void uploadsBeyondTheHourlyLimitAreRefusedOnEveryNode() {
        MediaHttp.assertUploadsCountedOverNodes(cluster, 8, "m");
    }

    /** Declares 100,000 bytes, sends 100, closes its side; returns the node's whole answer. */
    private static String truncatedUpload(int port, String token) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /media/?name=cut.png HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: image/png\r\nContent-Length: 100000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(java.util.Arrays.copyOf(TestFiles.png(), 100));
            out.flush();
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static long mediaRows() throws SQLException {
        try (Connection c = DriverManager.getConnection(cluster.db.jdbcUrl(), cluster.db.user(), cluster.db.password());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM media) + (SELECT count(*) FROM media_chunks)")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
