package com.hotelchat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.hotelchat.bus.TestRedis;
import com.hotelchat.db.DbSettings;
import com.hotelchat.db.TestPostgres;
import java.io.File;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A node killed while it sends a WhatsApp reply: another node sends it; nothing is lost. */
class OutboxCrashTest {

    @Test
    void aReplyInFlightWhenItsNodeDiesIsSentByAnotherNode() throws Exception {
        try (FakeCloudApi cloud = new FakeCloudApi()) {
            DbSettings db = TestPostgres.freshDatabase();
            File log = Files.createTempFile("outbox-node", ".log").toFile();
            // The doomed node starts first, alone, so it is the one that picks the reply up.
            NodeProcess doomed = NodeProcess.start(GuestTest.whatsAppEnvironment(db, "outbox-doomed", cloud),
                    TestRedis.freePort(), log);
            ChatNode survivor = null;
            try {
                Api api = new Api(doomed.port);
                String admin = api.adminToken();
                api.staff(admin, "oc_alice", "Alice", List.of("reception"));
                String alice = api.loginStaff("oc_alice");
                assertEquals(200, Webhooks.post(doomed.port, Webhooks.text("15551234567", "Crash Guest", "wamid.c1", "hello")));
                Awaitility.await().atMost(Duration.ofSeconds(10))
                        .until(() -> api.get("/chat/conversations/", alice).body().get("conversations").size() == 1);
                long conversation = api.get("/chat/conversations/", alice).body().get("conversations").get(0).get("id").asLong();
                cloud.answer(new FakeCloudApi.Answer(200, "{\"messages\":[{\"id\":\"wamid.never-recorded\"}]}", 60_000));
                try (WsClient desk = WsClient.connect(doomed.port, alice)) {
                    desk.subscribe(conversation);
                    desk.text(conversation, "Your taxi is booked");
                    desk.await("message", e -> e.path("data").path("content").asText().equals("Your taxi is booked"));
                }
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !cloud.requests().isEmpty());
                doomed.kill(); // mid-send: the API call is still waiting for its answer
                survivor = TestNode.start(GuestTest.whatsAppEnvironment(db, "outbox-survivor", cloud));
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !cloud.accepted().stream()
                        .filter(r -> r.path("text").path("body").asText().equals("Your taxi is booked"))
                        .toList().isEmpty() && cloud.requests().size() >= 2);
                Api survivorApi = new Api(survivor.port());
                assertThat(survivorApi.get("/chat/conversations/" + conversation + "/messages/", alice).body()
                        .get("messages").toString()).contains("Your taxi is booked");
            } finally {
                doomed.kill();
                if (survivor != null) {
                    survivor.close();
                }
            }
        }
    }
}
