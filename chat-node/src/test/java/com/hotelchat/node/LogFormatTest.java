package com.hotelchat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hotelchat.bus.TestRedis;
import com.hotelchat.db.TestPostgres;
import java.io.File;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A node started as in production ({@code Main}, its own process) logs text without empty context fields, or with
 * {@code CHAT_LOG_FORMAT=json} one JSON object per line, naming its node in every line; a bad format refuses to start.
 */
class LogFormatTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void jsonLogsAreOneObjectPerLineWithTheNodeAndOnlyTheContextThatIsSet() throws Exception {
        List<String> lines = runAndLog("json", "json-node");
        assertThat(lines).isNotEmpty();
        boolean sawSession = false;
        for (String line : lines) {
            JsonNode entry = JSON.readTree(line);
            assertTrue(entry.isObject(), line);
            assertThat(entry.path("timestamp").asText()).endsWith("Z");
            assertThat(entry.path("level").asText()).isNotEmpty();
            assertThat(entry.path("logger").asText()).isNotEmpty();
            assertTrue(entry.has("message"), line);
            assertEquals("json-node", entry.path("node").asText(), line);
            entry.fields().forEachRemaining(f -> assertThat(f.getValue().asText()).as(line).isNotEmpty());
            sawSession |= entry.has("session") && entry.has("user");
        }
        assertTrue(sawSession, "a line about a session names it: " + lines);
    }

    @Test
    void textLogsNameTheNodeAndPrintNoEmptyFields() throws Exception {
        List<String> lines = runAndLog("text", "text-node");
        assertThat(lines).isNotEmpty().allSatisfy(line -> {
            assertThat(line).doesNotContain("session= ").doesNotContain("user= ").doesNotContain("conversation= ");
            assertThat(line).contains(" node=text-node ");
        });
    }

    @Test
    void anUnknownLogFormatIsRefusedWithAClearLine() throws Exception {
        Map<String, String> env = TestNode.embeddedDatabaseEnvironment("bad-log-format");
        env.put("CHAT_LOG_FORMAT", "xml");
        File log = Files.createTempFile("log-format", ".log").toFile();
        log.deleteOnExit();
        Process node = NodeProcess.launch(env, TestRedis.freePort(), log);
        assertTrue(node.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, node.exitValue());
        assertThat(Files.readString(log.toPath())).contains("CHAT_LOG_FORMAT must be 'text' or 'json'");
    }

    /** Starts a node process in that format, opens a staff socket on it, stops it, and answers its log lines. */
    private static List<String> runAndLog(String format, String nodeId) throws Exception {
        Map<String, String> env = TestNode.environment(TestPostgres.freshDatabase(), nodeId);
        env.put("CHAT_LOG_FORMAT", format);
        // The node's own logging configuration, as in the jar (the test classpath's logback-test.xml would win).
        env.put("JAVA_TOOL_OPTIONS", "-Dlogback.configurationFile=logback.xml");
        File log = Files.createTempFile("log-format", ".log").toFile();
        log.deleteOnExit();
        try (NodeProcess node = NodeProcess.start(env, TestRedis.freePort(), log)) {
            Api api = new Api(node.port);
            String admin = api.adminToken();
            api.department(admin, "reception");
            api.staff(admin, "logged_" + format, "Logged " + format, List.of("reception"));
            try (WsClient ws = WsClient.connect(node.port, api.loginStaff("logged_" + format))) {
                ws.send("{\"type\":\"text\",\"conversation_id\":999999,\"content\":\"x\"}"); // logged with its session
                ws.await("error");
            }
            node.terminate();
            assertTrue(node.waitForExit(30));
        }
        return Files.readAllLines(log.toPath()).stream().filter(l -> !l.isBlank())
                .filter(l -> !l.startsWith("WARNING:") && !l.startsWith("Picked up JAVA_TOOL_OPTIONS"))
                .toList(); // the JVM's own lines are not the node's log
    }
}
