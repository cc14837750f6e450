package com.hotelchat.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotelchat.bus.TestRedis;
import java.io.File;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A node on its embedded PostgreSQL (no {@code CHAT_DB_URL}, the README's first command) keeps the database through a
 * SIGTERM's drain: a message sent while the node drains is committed and delivered, the database stops cleanly after
 * the drain, and a node started again on the same data directory has it.
 */
class EmbeddedDatabaseDrainTest {

    @Test
    void aMessageSentWhileTheNodeDrainsIsCommittedAndKeptForTheNextStart() throws Exception {
        Map<String, String> env = TestNode.embeddedDatabaseEnvironment("embedded-drain");
        env.put("CHAT_DRAIN_GRACE_MS", "3000");
        File log = Files.createTempFile("embedded-drain", ".log").toFile();
        int port = TestRedis.freePort();
        Api api = new Api(port);
        String alice;
        long conversation;
        // Stopped with SIGTERM even when an assertion fails: SIGKILL (NodeProcess.close) would leave its database running.
        NodeProcess node = NodeProcess.start(env, port, log);
        try {
            api.staff(api.adminToken(), "ed_alice", "Ed_alice Test", List.of("reception"));
            alice = api.loginStaff("ed_alice");
            conversation = api.conversation(alice, "reception", "+16667770001", "Drain Guest");
            try (WsClient ws = WsClient.connect(port, alice)) {
                ws.subscribe(conversation);
                node.terminate();
                Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> api.get("/readyz", null).status() == 503);
                ws.text(conversation, "sent while draining");
                JsonNode message = ws.await("message",
                        e -> e.path("data").path("content").asText().equals("sent while draining"), Duration.ofSeconds(2));
                assertTrue(message.path("data").path("id").asLong() > 0);
            }
            assertTrue(node.waitForExit(30), "the node stops after its drain; see " + log);
        } finally {
            stop(node);
        }
        NodeProcess again = NodeProcess.start(env, port, log);
        try {
            List<String> stored = new ArrayList<>();
            api.get("/chat/conversations/" + conversation + "/messages/", alice).body().get("messages")
                    .forEach(m -> stored.add(m.get("content").asText()));
            assertEquals(List.of("sent while draining"), stored);
        } finally {
            stop(again);
        }
    }

    private static void stop(NodeProcess node) {
        node.terminate();
        if (!node.waitForExit(30)) {
            node.kill();
        }
    }
}
