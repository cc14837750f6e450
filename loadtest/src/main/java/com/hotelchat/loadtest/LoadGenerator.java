package com.hotelchat.loadtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives real staff clients against running nodes: creates departments and users through the admin API, connects
 * C clients round-robin over the nodes, gives each conversation K subscribers on different nodes, sends R messages
 * a second for T seconds, and reports what was delivered, how fast, and what it cost the nodes.
 *
 * <pre>java -jar loadtest.jar --nodes http://127.0.0.1:18081,... --clients 1000 --department-size 50
 *     --subscribers 3 --rate 500 --duration 30 --pids 123,124,125 --json result.json</pre>
 */
public final class LoadGenerator {

    private LoadGenerator() {}

    public static void main(String[] args) throws Exception {
        run(args);
        System.exit(0);
    }

    /** Runs the load and returns the measured figures (also printed, and written to {@code --json} if given). */
    public static Map<String, Object> run(String[] args) throws Exception {
        LoadConfig c = LoadConfig.parse(args);
        Rest rest = new Rest();
        String base = c.nodes().get(0);
        String admin = rest.login(base, c.adminUser(), c.adminPassword());
        String prefix = "lt" + c.runId();
        int departments = c.clients() / c.departmentSize();
        int perDepartment = (c.departmentSize() + c.subscribers() - 1) / c.subscribers();
        int conversations = departments * perDepartment;
        ExecutorService pool = Executors.newFixedThreadPool(16);

        log("setting up %d departments, %d users, %d conversations", departments, c.clients(), conversations);
        for (int d = 0; d < departments; d++) {
            rest.post(base + "/admin/departments", admin, Map.of("name", prefix + "-d" + d));
        }
        String[] tokens = new String[c.clients()];
        List<Future<?>> work = new ArrayList<>();
        for (int i = 0; i < c.clients(); i++) {
            int n = i;
            work.add(pool.submit(() -> {
                String user = prefix + "-u" + n;
                rest.post(base + "/admin/staff", admin, Map.of("username", user, "password", "lt-password-1",
                        "name", "Load " + n, "user_type", "department_staff",
                        "departments", List.of(prefix + "-d" + n / c.departmentSize())));
                tokens[n] = rest.login(c.nodes().get(n % c.nodes().size()), user, "lt-password-1");
            }));
        }
        waitAll(work);
        long[] conversationIds = new long[conversations];
        work.clear();
        for (int g = 0; g < conversations; g++) {
            int n = g;
            work.add(pool.submit(() -> {
                int d = n / perDepartment;
                int owner = d * c.departmentSize() + (n % perDepartment) * c.subscribers();
                long number = 2_000_000_000L + (Long.parseLong(c.runId()) % 1000) * 1_000_000L + n;
                conversationIds[n] = rest.post(base + "/chat/conversations/create/", tokens[owner], Map.of(
                        "guest", Map.of("whatsapp_number", "+1" + number, "name", "Load guest " + n, "room_number", "1"),
                        "department", prefix + "-d" + d)).get("id").asLong();
            }));
        }
        waitAll(work);

        Latencies latencies = new Latencies();
        AtomicLong updates = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        List<LoadClient> clients = new ArrayList<>();
        List<HttpClient> https = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            https.add(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
        }
        Semaphore inFlight = new Semaphore(200);
        long connectStart = System.nanoTime();
        List<java.util.concurrent.CompletableFuture<?>> connects = new ArrayList<>();
        for (int i = 0; i < c.clients(); i++) {
            int d = i / c.departmentSize();
            int conversation = d * perDepartment + (i % c.departmentSize()) / c.subscribers();
            LoadClient client = new LoadClient(i, conversation, latencies, updates, refused);
            clients.add(client);
            String node = c.nodes().get(i % c.nodes().size()).replaceFirst("^http", "ws");
            inFlight.acquire();
            connects.add(client.connect(https.get(i % https.size()), URI.create(node + "/ws/chat/?token=" + tokens[i]))
                    .whenComplete((ws, e) -> inFlight.release()));
        }
        for (var f : connects) {
            f.get(60, TimeUnit.SECONDS);
        }
        double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
        for (LoadClient client : clients) {
            client.send("{\"type\":\"subscribe_conversation\",\"conversation_id\":" + conversationIds[client.conversation] + "}");
        }
        for (LoadClient client : clients) {
            if (!client.subscribed.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("client " + client.index + " never got 'subscribed'");
            }
        }
        log("%d clients connected in %.1f s (%.0f handshakes/s), all subscribed", clients.size(), connectSeconds,
                clients.size() / connectSeconds);

        long[] sentPerConversation = new long[conversations];
        long sent = 0;
        long start = System.nanoTime();
        long measureStart = start + TimeUnit.SECONDS.toNanos(c.warmupSeconds());
        long end = measureStart + TimeUnit.SECONDS.toNanos(c.durationSeconds());
        List<ProcessSample> before = null;
        long deliveredAtMeasureStart = 0;
        long sentAtMeasureStart = 0;
        if (c.warmupSeconds() > 0) {
            log("warming up for %d s at the target rate (sent, not timed)", c.warmupSeconds());
        }
        while (System.nanoTime() < end) {
            if (before == null && System.nanoTime() >= measureStart) {
                before = c.nodePids().stream().map(ProcessSample::of).toList();
                LoadClient.measureFrom = System.nanoTime();
                deliveredAtMeasureStart = clients.stream().mapToLong(LoadClient::unique).sum() + updates.get();
                sentAtMeasureStart = sent;
            }
            long due = (long) ((System.nanoTime() - start) / 1e9 * c.rate());
            while (sent < due) {
                int g = (int) (sent % conversations);
                long seq = sentPerConversation[g]++;
                LoadClient sender = clients.get((g / perDepartment) * c.departmentSize() + (g % perDepartment) * c.subscribers());
                sender.send("{\"type\":\"text\",\"conversation_id\":" + conversationIds[g] + ",\"content\":\"lt|" + g + "|"
                        + seq + "|" + System.nanoTime() + "\"}");
                sent++;
            }
            Thread.sleep(2);
        }
        double sendSeconds = (System.nanoTime() - measureStart) / 1e9;
        long deliveredAtMeasureEnd = clients.stream().mapToLong(LoadClient::unique).sum() + updates.get();
        List<ProcessSample> after = c.nodePids().stream().map(ProcessSample::of).toList();
        long expectedMessages = 0;
        long expectedUpdates = 0;
        for (int g = 0; g < conversations; g++) {
            int first = (g % perDepartment) * c.subscribers();
            int size = Math.min(c.subscribers(), c.departmentSize() - first);
            expectedMessages += sentPerConversation[g] * size;
            expectedUpdates += sentPerConversation[g] * (c.departmentSize() - size);
        }
        long lastTotal = -1;
        long quietSince = System.nanoTime();
        while (System.nanoTime() - quietSince < TimeUnit.SECONDS.toNanos(10)) {
            long total = clients.stream().mapToLong(LoadClient::unique).sum() + updates.get();
            if (total + refused.get() * (c.departmentSize()) >= expectedMessages + expectedUpdates) {
                break;
            }
            if (total != lastTotal) {
                lastTotal = total;
                quietSince = System.nanoTime();
            }
            Thread.sleep(100);
        }
        long received = clients.stream().mapToLong(LoadClient::unique).sum();
        long duplicates = clients.stream().mapToLong(LoadClient::duplicates).sum();

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("clients", c.clients());
        result.put("nodes", c.nodes().size());
        result.put("department_size", c.departmentSize());
        result.put("subscribers_per_conversation", c.subscribers());
        result.put("target_rate", c.rate());
        result.put("duration_s", c.durationSeconds());
        result.put("connect_s", round(connectSeconds));
        result.put("handshakes_per_s", round(c.clients() / connectSeconds));
        result.put("messages_sent", sent);
        result.put("sends_refused_with_error", refused.get());
        result.put("warmup_s", c.warmupSeconds());
        result.put("send_rate", round((sent - sentAtMeasureStart) / sendSeconds));
        result.put("message_deliveries_expected", expectedMessages);
        result.put("message_deliveries", received);
        // A send refused with an error (the client was told) is not a loss: count it apart.
        result.put("messages_lost", Math.max(0, expectedMessages - received - refused.get() * c.subscribers()));
        result.put("messages_duplicated", duplicates);
        result.put("department_updates_expected", expectedUpdates);
        result.put("department_updates", updates.get());
        long measuredDeliveries = deliveredAtMeasureEnd - deliveredAtMeasureStart;
        result.put("deliveries_per_s", round(measuredDeliveries / sendSeconds));
        result.put("latency_p50_ms", latencies.percentileMillis(0.50));
        result.put("latency_p90_ms", latencies.percentileMillis(0.90));
        result.put("latency_p99_ms", latencies.percentileMillis(0.99));
        result.put("latency_max_ms", latencies.maxMillis());
        List<Map<String, Object>> nodes = new ArrayList<>();
        double cpu = 0;
        long rss = 0;
        for (int i = 0; i < before.size(); i++) {
            double used = after.get(i).cpuSeconds() - before.get(i).cpuSeconds();
            cpu += used;
            rss += after.get(i).rssKiB();
            nodes.add(Map.of("pid", after.get(i).pid(), "cpu_s", round(used), "rss_mib", round(after.get(i).rssKiB() / 1024.0)));
        }
        result.put("node_processes", nodes);
        if (!nodes.isEmpty()) {
            result.put("node_cpu_s_total", round(cpu));
            result.put("cpu_us_per_delivery", round(cpu * 1e6 / Math.max(1, measuredDeliveries)));
            result.put("node_cores_busy", round(cpu / sendSeconds));
            result.put("rss_kib_per_connection", round((double) rss / c.clients()));
        }
        clients.forEach(LoadClient::close);
        pool.shutdownNow();

        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        result.forEach((k, v) -> System.out.printf("%-30s %s%n", k, v));
        if (c.jsonOut() != null) {
            Files.writeString(Path.of(c.jsonOut()), json.writeValueAsString(result));
        }
        return result;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static void waitAll(List<Future<?>> work) throws Exception {
        for (Future<?> f : work) {
            f.get(10, TimeUnit.MINUTES);
        }
    }

    private static void log(String format, Object... args) {
        System.err.printf("[loadtest] " + format + "%n", args);
    }
}
