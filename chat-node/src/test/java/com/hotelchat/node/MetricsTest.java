package com.hotelchat.node;

import static org.assertj.core.api.Assertions.assertThat;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /metrics} speaks Prometheus text and counts what the node did. */
class MetricsTest {

    private static SingleNodeFixture fx;

    @BeforeAll
    static void start() {
        fx = new SingleNodeFixture();
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    private static String scrape() {
        return PrometheusText.scrape(fx.node.port()).text();
    }

    @Test
    void metricsCountSessionsCommandsDeliveriesErrorsAndJvm() {
        String alice = fx.user("mt_alice", "reception");
        long c = fx.conversation(alice, "reception");
        try (WsClient a = fx.connect(alice)) {
            a.subscribe(c);
            a.text(c, "counted");
            a.await("message", e -> e.path("data").path("content").asText().equals("counted"));
            a.send("not json");
            a.await("error");
            String metrics = scrape();
            assertThat(metrics).contains("chat_sessions{node=\"node-a\"} 1.0");
            assertThat(metrics).containsPattern("chat_commands_total\\{node=\"node-a\",type=\"text\"} 1\\.0");
            assertThat(metrics).containsPattern("chat_events_delivered_total\\{kind=\"message\",node=\"node-a\"} [1-9]");
            assertThat(metrics).containsPattern("chat_errors_total\\{kind=\"protocol\",node=\"node-a\"} 1\\.0");
            assertThat(metrics).contains("chat_fanout_latency_seconds_bucket");
            assertThat(metrics).contains("jvm_memory_used_bytes");
            assertThat(metrics).contains("chat_bus_up{node=\"node-a\"} 1.0");
            assertThat(metrics).contains("chat_db_appends_waiting{node=\"node-a\"} 0.0");
            // On the in-process bus too, the one text's one frame is timed from its arrival, and its commit.
            Awaitility.await().atMost(WsClient.WAIT).untilAsserted(() -> assertThat(
                    PrometheusText.scrape(fx.node.port()).sum("chat_delivery_latency_seconds_count")).isEqualTo(1.0));
            assertThat(PrometheusText.scrape(fx.node.port()).sum("chat_commit_wait_seconds_count")).isEqualTo(1.0);
            // Every session's frames go out as bytes shared with the other sessions, none through per-session encoding.
            assertThat(metrics).containsPattern("chat_sessions_raw_frames_total\\{node=\"node-a\"} [1-9]");
            assertThat(metrics).contains("chat_sessions_standard_frames_total{node=\"node-a\"} 0.0");
            // and its reads left Grizzly's HTTP codec after the upgrade (WebSocketChain).
            assertThat(metrics).containsPattern("chat_sessions_moved_off_http_codec_total\\{node=\"node-a\"} [1-9]");
        }
    }
}
