package com.hotelchat.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.hotelchat.bus.TestRedis;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the browser tests of {@code web-tests/} (headless Chromium through playwright-core) against two real
 * nodes: one in this JVM, one in a process of its own that the browser test kills. Needs Debian's chromium and
 * {@code npm ci} in web-tests; .ci/run installs both. WhatsApp sending goes to a fake Cloud API, which holds the template
 * the browser test sends to a guest whose 24-hour window this test closed. {@code -Dbrowser.tests=<pattern>} runs only
 * the browser tests whose names match.
 */
class BrowserConsoleTest {

    private static final String TEMPLATE = "browser_room_ready";
    private static final String QUIET_GUEST = "Quinn Quiet";
    private static final String QUIET_NUMBER = "15550009999";

    @Test
    void staffConsoleAndGuestPageWorkInARealBrowserAcrossNodes() throws Exception {
        Path webTests = Path.of("..", "web-tests").toAbsolutePath().normalize();
        assumeTrue(Files.isExecutable(Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"))),
                "Chromium is not installed (apt-get install chromium)");
        assumeTrue(Files.isDirectory(webTests.resolve("node_modules/playwright-core")),
                "playwright-core is not installed (npm ci in web-tests)");
        try (FakeCloudApi cloud = new FakeCloudApi(); ClusterFixture cluster = new ClusterFixture(1, cloud.nodeEnvironment())) {
            // A WhatsApp guest whose 24-hour window is closed, and the template WhatsApp approved for the browser test.
            cloud.templates.hold(TEMPLATE, "en", "UTILITY", "APPROVED", null,
                    "Hello {{1}}, your room {{2}} is ready. Reply here to chat with us.", null, List.of());
            assertEquals(200, Webhooks.post(cluster.nodes.get(0).port(),
                    Webhooks.text(QUIET_NUMBER, QUIET_GUEST, "wamid.browser.quiet", "Thanks for everything")));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> TestSql.update(cluster.db,
                    "UPDATE conversations SET last_guest_message_at = now() - interval '30 hours' WHERE guest_id = "
                            + "(SELECT id FROM guests WHERE whatsapp_number = '+" + QUIET_NUMBER + "')") == 1);
            // A month of two desks the tests' own traffic never reaches, for the Reports screen to show.
            TestSql.execute(cluster.db, Files.readString(Path.of("..", "bench", "report-data.sql"))
                    + ";\nSELECT pg_temp.seed_desk(ARRAY['concierge', 'valet'], 3, 160, 8, 30, now())");
            File nodeLog = Files.createTempFile("browser-node-b", ".log").toFile();
            try (NodeProcess nodeB = NodeProcess.start(cluster.environment("browser-node-b"), TestRedis.freePort(), nodeLog)) {
                // The report goes to a file (a forked test JVM's inherited output is lost) and is printed here.
                Path report = Path.of("target", "browser-tests.log").toAbsolutePath();
                ProcessBuilder builder = new ProcessBuilder(new java.util.ArrayList<>(List.of("node", "--test",
                        "--test-concurrency=1", "console.test.mjs"))).directory(webTests.toFile()).redirectErrorStream(true)
                        .redirectOutput(report.toFile());
                builder.environment().put("NODE_A", "http://127.0.0.1:" + cluster.nodes.get(0).port());
                builder.environment().put("NODE_B", "http://127.0.0.1:" + nodeB.port);
                builder.environment().put("NODE_B_PID", Long.toString(nodeB.pid()));
                builder.environment().put("WHATSAPP_APP_SECRET", Webhooks.APP_SECRET);
                builder.environment().put("ADMIN_USER", TestNode.ADMIN);
                builder.environment().put("ADMIN_PASSWORD", TestNode.ADMIN_PASSWORD);
                builder.environment().put("SCREENSHOTS", webTests.resolve("../docs/screenshots").toString());
                builder.environment().put("QUIET_GUEST", QUIET_GUEST);
                builder.environment().put("QUIET_NUMBER", QUIET_NUMBER);
                builder.environment().put("TEMPLATE_NAME", TEMPLATE);
                if (System.getProperty("browser.tests") != null) {
                    builder.command().add(1, "--test-name-pattern=" + System.getProperty("browser.tests"));
                }
                Process tests = builder.start();
                if (!tests.waitFor(10, TimeUnit.MINUTES)) {
                    tests.destroyForcibly().waitFor();
                }
                String output = Files.readString(report);
                System.out.println(output);
                assertEquals(0, tests.exitValue(), "browser tests failed (" + report + "):\n"
                        + output.lines().filter(l -> l.matches("^(not ok|# (pass|fail)).*")).toList());
                // The template the browser sent into the closed window (laptop and phone) went to WhatsApp, each once.
                if (output.lines().anyMatch(l -> l.matches("^ok \\d+ - .*closed WhatsApp window.*"))) {
                    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() ->
                            cloud.accepted().stream().filter(r -> r.path("to").asText().equals(QUIET_NUMBER)
                                    && r.path("template").path("name").asText().equals(TEMPLATE)).count() == 2);
                }
            }
        }
    }
}
