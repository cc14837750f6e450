package com.hotelchat.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.hotelchat.loadtest.LoadGenerator;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A small run of the real load generator against three nodes: every message and department update delivered, none
 * twice. A smoke test, not a benchmark: it asserts nothing about speed (figures come from bench/ and
 * ../shared/bench-peer/compare.sh, on a quiet machine).
 */
class LoadSmokeTest {

    @Test
    void aShortLoadOverThreeNodesDeliversEverythingOnce() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture(3)) {
            String nodes = cluster.nodes.stream().map(n -> "http://127.0.0.1:" + n.port()).collect(Collectors.joining(","));
            Map<String, Object> result = LoadGenerator.run(new String[] {
                    "--nodes", nodes, "--admin-user", TestNode.ADMIN, "--admin-password", TestNode.ADMIN_PASSWORD,
                    "--clients", "120", "--department-size", "12", "--subscribers", "3", "--rate", "60",
                    "--duration", "5", "--warmup", "2"});
            assertThat(((Number) result.get("messages_sent")).longValue()).isPositive();
            assertThat(result.get("message_deliveries")).isEqualTo(result.get("message_deliveries_expected"));
            assertThat(result.get("department_updates")).isEqualTo(result.get("department_updates_expected"));
            assertThat(((Number) result.get("messages_lost")).longValue()).isZero();
            assertThat(((Number) result.get("messages_duplicated")).longValue()).isZero();
        }
    }
}
