package com.hotelchat.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What operators watch, on two real nodes: the delivery latency and commit histograms count every delivery and commit
 * on the node that made it, and every metric the chart's dashboard and alert rules query is one a node exports, from
 * its start.
 */
class MonitoringTest {

    private static final Path CHART_FILES = Path.of("..", "helm", "files");

    private static ClusterFixture fx;
    /** Node 0's metrics before anything happened on it. */
    private static PrometheusText fresh;

    @BeforeAll
    static void start() {
        fx = new ClusterFixture(2);
        fresh = PrometheusText.scrape(fx.nodes.get(0).port());
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    /**
     * Alice (node 0) and Bob (node 1) are subscribed, Carol (node 1) is in the department only, the guest is on node
     * 1. Every text, whoever sends it, is written once to each of them: a message, or Carol's new_message.
     */
    @Test
    void everyFrameATextCausedIsTimedOnTheNodeThatWroteItAndEveryTextsCommitOnItsOwn() {
        String alice = fx.user("mon_alice", "reception");
        String bob = fx.user("mon_bob", "reception");
        String carol = fx.user("mon_carol", "reception");
        long conversation = fx.conversation(alice, "reception");
        try (WsClient a = fx.connect(0, alice); WsClient b = fx.connect(1, bob); WsClient c = fx.connect(1, carol);
             WsClient guest = WsClient.guest(fx.nodes.get(1).port(), fx.api.guestToken(alice, conversation), null)) {
            a.subscribe(conversation);
            b.subscribe(conversation);
            c.roundTrip();
            List<List<WsClient>> receiversByNode = List.of(List.of(a), List.of(b, c, guest));
            int fromAlice = 4;
            int fromBob = 3;
            int fromGuest = 2;
            PrometheusText[] before = scrapeAll();

            // One text at a time, each awaited by everyone: a new_message older than one a session had is dropped,
            // so texts racing each other from two nodes would not all be written to Carol.
            List<String> sent = new ArrayList<>();
            Texts texts = new Texts(sent, List.of(a, b, guest), c);
            for (int i = 0; i < fromAlice; i++) {
                texts.send("alice " + i, content -> a.text(conversation, content));
            }
            for (int i = 0; i < fromBob; i++) {
                texts.send("bob " + i, content -> b.text(conversation, content));
            }
            for (int i = 0; i < fromGuest; i++) {
                texts.send("guest " + i, content -> guest.send("{\"type\":\"text\",\"content\":\"" + content + "\"}"));
            }

            int[] commits = {fromAlice, fromBob + fromGuest};
            for (int node = 0; node < 2; node++) {
                int expectedDeliveries = sent.size() * receiversByNode.get(node).size();
                int n = node;
                Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(grew(before[n],
                        PrometheusText.scrape(fx.nodes.get(n).port()), "chat_delivery_latency_seconds_count"))
                        .as("deliveries timed on node %d", n).isEqualTo(expectedDeliveries));
                PrometheusText after = PrometheusText.scrape(fx.nodes.get(node).port());
                // Every delivery is in a bucket; the largest bucket below +Inf has them all on a machine this close.
                assertThat(grew(before[node], after, "chat_delivery_latency_seconds_bucket", "le=\"+Inf\""))
                        .isEqualTo(expectedDeliveries);
                assertThat(grew(before[node], after, "chat_delivery_latency_seconds_bucket", "le=\"10.0\""))
                        .isEqualTo(expectedDeliveries);
                assertThat(grew(before[node], after, "chat_commit_wait_seconds_count")).as("commits on node %d", node)
                        .isEqualTo(commits[node]);
                assertThat(grew(before[node], after, "chat_commit_batch_seconds_count"))
                        .isBetween(1.0, (double) commits[node]);
            }
        }
    }

    /** Sends texts one at a time, each once every subscriber has its message and the department member its update. */
    private record Texts(List<String> sent, List<WsClient> subscribers, WsClient departmentMember) {
        void send(String content, Consumer<String> sender) {
            sender.accept(content);
            sent.add(content);
            for (WsClient subscriber : subscribers) {
                awaitEvery(subscriber, sent, e -> e.path("type").asText().equals("message")
                        ? e.path("data").path("content").asText() : null);
            }
            awaitEvery(departmentMember, sent, e -> e.path("type").asText().equals("conversation_update")
                    ? e.path("data").path("data").path("last_message_preview").asText() : null);
        }
    }

    /** Waits until the client has received an event whose {@code content} is each of {@code contents}. */
    private static void awaitEvery(WsClient client, List<String> contents, Function<JsonNode, String> content) {
        Awaitility.await().atMost(WsClient.WAIT).untilAsserted(() -> assertThat(
                client.history().stream().map(content).filter(Objects::nonNull).toList()).containsAll(contents));
    }

    private static PrometheusText[] scrapeAll() {
        return fx.nodes.stream().map(node -> PrometheusText.scrape(node.port())).toArray(PrometheusText[]::new);
    }

    private static double grew(PrometheusText before, PrometheusText after, String name, String... labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }

    @Test
    void everyMetricTheChartsDashboardAndAlertsQueryIsExportedFromTheStart() throws IOException {
        List<String> queries = new ArrayList<>(dashboardQueries());
        int dashboard = queries.size();
        queries.addAll(alertExpressions());
        assertThat(dashboard).as("dashboard queries").isGreaterThanOrEqualTo(10);
        assertThat(queries.size() - dashboard).as("alert expressions").isGreaterThanOrEqualTo(5);
        Set<String> used = new TreeSet<>();
        queries.forEach(q -> used.addAll(PromQlNames.in(q)));
        assertThat(used).contains("chat_delivery_latency_seconds_bucket", "chat_bus_up");
        Set<String> missing = new TreeSet<>(used);
        missing.removeAll(fresh.names());
        assertThat(missing).as("metrics the chart queries that a fresh node does not export; it exports %s",
                fresh.names()).isEmpty();
    }

    /** Every panel target's {@code expr} and every query variable's query of the dashboard. */
    private static List<String> dashboardQueries() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(CHART_FILES.resolve("grafana-dashboard.json").toFile());
        List<String> queries = new ArrayList<>();
        for (JsonNode expr : dashboard.findValues("expr")) {
            queries.add(expr.asText());
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("type").asText().equals("query")) {
                JsonNode query = variable.path("query");
                queries.add(query.isObject() ? query.path("query").asText() : query.asText());
            }
        }
        return queries;
    }

    private static List<String> alertExpressions() throws IOException {
        JsonNode rules = new YAMLMapper().readTree(CHART_FILES.resolve("prometheus-rules.yaml").toFile());
        List<String> expressions = new ArrayList<>();
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                expressions.add(rule.path("expr").asText());
            }
        }
        return expressions;
    }
}
