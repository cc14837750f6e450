package com.hotelchat.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hotelchat.bus.TestRedis;
import java.io.File;
import java.nio.file.Files;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A node that what it depends on refuses at start says why in one line and exits with status 1, instead of dying of an
 * uncaught exception's stack trace.
 */
class StartFailureTest {

    @Test
    void theCausesAreSaidOnceEachInOrder() {
        SQLException root = new SQLException("FATAL: role \"chat\" does not exist");
        RuntimeException pool = new RuntimeException("Failed to initialize pool: FATAL: role \"chat\" does not exist", root);
        IllegalStateException wrapper = new IllegalStateException("database unavailable", pool);
        assertEquals("database unavailable: Failed to initialize pool: FATAL: role \"chat\" does not exist",
                StartFailure.describe(wrapper));
        assertEquals("NullPointerException", StartFailure.describe(new NullPointerException()));
    }

    @Test
    void aChainThatLoopsBackOnItselfIsSaidOnceAndEnds() {
        IllegalStateException first = new IllegalStateException("database unavailable");
        IllegalStateException second = new IllegalStateException("database unavailable", first);
        first.initCause(second);
        assertEquals("database unavailable", StartFailure.describe(first));
    }

    @Test
    void aNodeWhoseDatabaseRefusesItExitsWithOneClearLine() throws Exception {
        int nothingListens = TestRedis.freePort();
        Map<String, String> env = TestNode.embeddedDatabaseEnvironment("start-failure");
        env.put("CHAT_DB_URL", "jdbc:postgresql://127.0.0.1:" + nothingListens + "/chat");
        env.put("CHAT_DB_USER", "chat");
        env.put("CHAT_DB_PASSWORD", "never-logged");
        File log = Files.createTempFile("start-failure", ".log").toFile();
        log.deleteOnExit();
        Process node = NodeProcess.launch(env, TestRedis.freePort(), log);
        assertTrue(node.waitFor(60, TimeUnit.SECONDS), "the node neither started nor exited");
        String output = Files.readString(log.toPath());
        assertEquals(1, node.exitValue(), output);
        assertTrue(output.lines().anyMatch(line -> line.contains("ERROR") && line.contains("cannot start: ")
                && line.contains("127.0.0.1:" + nothingListens)), output);
        assertFalse(output.contains("Exception in thread"), output);
        assertFalse(output.contains("never-logged"), output);
    }
}
