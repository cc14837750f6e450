package com.hotelchat.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Steady traffic through failures. Clients reconnect and resume like a real console; senders retry with the
 * same {@code client_message_id} until their message is committed. Meanwhile a script breaks things and appends
 * {@code <epoch millis> <drill name>} lines to the drills file. At the end every subscriber's received ids are
 * compared with what PostgreSQL committed: lost, duplicated, out of order; and for each drill, the time from
 * the failure until a message sent after it had reached all its subscribers.
 *
 * <pre>java -cp loadtest.jar com.hotelchat.loadtest.DrillRunner --nodes ... --conversations 20 --subscribers 3
 *     --rate 40 --duration 150 --drills-file drills.log --json out.json [--stop-file done]</pre>
 * With {@code --stop-file}, sending also stops as soon as that file exists: the script that breaks things says when it
 * is done, however long its drills took on a slow machine ({@code --duration} is then the upper bound).
 */
public final class DrillRunner {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DrillRunner() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].substring(2), args[i + 1]);
        }
        List<String> nodes = List.of(a.getOrDefault("nodes", "http://127.0.0.1:8080").split(","));
        int conversations = Math.min(200, Integer.parseInt(a.getOrDefault("conversations", "20")));
        int k = Math.min(10, Integer.parseInt(a.getOrDefault("subscribers", "3")));
        double rate = Math.min(500, Double.parseDouble(a.getOrDefault("rate", "40")));
        int duration = Math.min(900, Integer.parseInt(a.getOrDefault("duration", "120")));
        Path drillsFile = Path.of(a.getOrDefault("drills-file", "drills.log"));
        Path stopFile = a.containsKey("stop-file") ? Path.of(a.get("stop-file")) : null;
        String run = "dr" + (System.currentTimeMillis() % 100000);

        Rest rest = new Rest();
        String admin = rest.login(nodes.get(0), a.getOrDefault("admin-user", "admin"), a.getOrDefault("admin-password", "change-me-now"));
        rest.post(nodes.get(0) + "/admin/departments", admin, Map.of("name", run));
        int users = conversations * k;
        String[] tokens = new String[users];
        for (int i = 0; i < users; i++) {
            rest.post(nodes.get(0) + "/admin/staff", admin, Map.of("username", run + "-u" + i, "password", "drill-password",
                    "name", "Drill " + i, "user_type", "department_staff", "departments", List.of(run)));
            tokens[i] = rest.login(nodes.get(i % nodes.size()), run + "-u" + i, "drill-password");
        }
        long[] ids = new long[conversations];
        for (int g = 0; g < conversations; g++) {
            ids[g] = rest.post(nodes.get(0) + "/chat/conversations/create/", tokens[g * k], Map.of(
                    "guest", Map.of("whatsapp_number", "+1" + (3_000_000_000L + (System.currentTimeMillis() % 1000) * 100_000 + g),
                            "name", "Drill guest " + g, "room_number", "1"), "department", run)).get("id").asLong();
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<DrillClient> clients = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            DrillClient c = new DrillClient(i, ids[i / k], nodes, tokens[i], http);
            clients.add(c);
            c.connect();
        }
        // A fresh subscription starts after what is committed when it is made (history is the client's to fetch), so
        // sending starts only once every client is subscribed: otherwise a slow subscriber misses the first message
        // of its conversation, and the drill would count that as lost.
        long subscribeDeadline = System.currentTimeMillis() + 60_000;
        while (clients.stream().anyMatch(c -> !c.subscribed) && System.currentTimeMillis() < subscribeDeadline) {
            Thread.sleep(50);
        }
        long notSubscribed = clients.stream().filter(c -> !c.subscribed).count();
        if (notSubscribed > 0) {
            System.err.println("[drill] " + notSubscribed + " clients not subscribed after 60 s; sending anyway");
        }
        System.err.println("[drill] " + users + " clients on " + conversations + " conversations; sending for "
                + (stopFile == null ? duration + " s" : "at most " + duration + " s, until " + stopFile + " exists"));

        Map<String, Long> firstSent = new ConcurrentHashMap<>();
        // Sends whose sender gave up (60 s without seeing its message committed): unanswered, whatever the subscribers got.
        java.util.concurrent.atomic.AtomicLong givenUp = new java.util.concurrent.atomic.AtomicLong();
        long end = System.currentTimeMillis() + duration * 1000L;
        long periodMillis = (long) (1000.0 * conversations / rate);
        List<Thread> senders = new ArrayList<>();
        for (int g = 0; g < conversations; g++) {
            DrillClient sender = clients.get(g * k);
            int conversation = g;
            senders.add(Thread.ofVirtual().start(() -> {
                int seq = 0;
                while (System.currentTimeMillis() < end && (stopFile == null || !Files.exists(stopFile))) {
                    String cmid = run + "-" + conversation + "-" + seq++;
                    long started = System.currentTimeMillis();
                    firstSent.put(cmid, started);
                    long giveUp = started + 60_000;
                    while (!sender.committed.containsKey(cmid) && System.currentTimeMillis() < giveUp) {
                        sender.send(cmid, "drill|" + cmid);
                        long waitUntil = System.currentTimeMillis() + 1000;
                        while (!sender.committed.containsKey(cmid) && System.currentTimeMillis() < waitUntil) {
                            sleep(20);
                        }
                    }
                    if (!sender.committed.containsKey(cmid)) {
                        givenUp.incrementAndGet();
                    }
                    sleep(Math.max(0, periodMillis - (System.currentTimeMillis() - started)));
                }
            }));
        }
        for (Thread t : senders) {
            t.join();
        }
        System.err.println("[drill] sending done; letting deliveries settle");
        sleep(20_000);
        clients.forEach(DrillClient::stop);

        // What PostgreSQL committed, per conversation, oldest first.
        Map<Long, List<Long>> stored = new HashMap<>();
        Map<Long, Map<Long, String>> contentOf = new HashMap<>();
        for (int g = 0; g < conversations; g++) {
            List<Long> list = new ArrayList<>();
            Map<Long, String> contents = new HashMap<>();
            Long before = null;
            while (true) {
                JsonNode page = history(http, nodes, tokens[g * k], ids[g], before);
                if (page == null || page.isEmpty()) {
                    break;
                }
                for (JsonNode m : page) {
                    list.add(0, m.get("id").asLong());
                    contents.put(m.get("id").asLong(), m.get("content").asText());
                    before = m.get("id").asLong();
                }
            }
            stored.put(ids[g], list);
            contentOf.put(ids[g], contents);
        }

        long lost = 0;
        List<Map<String, Object>> lostDetail = new ArrayList<>();
        long duplicated = 0;
        long outOfOrder = 0;
        long committedTotal = stored.values().stream().mapToLong(List::size).sum();
        Map<Long, Map<Integer, Map<Long, Long>>> receiveTimes = new HashMap<>();
        for (DrillClient c : clients) {
            if (c.index % k == 0) {
                continue; // senders see retried echoes by design; judge the other subscribers
            }
            List<long[]> got;
            synchronized (c.received) {
                got = new ArrayList<>(c.received);
            }
            Set<Long> seen = new HashSet<>();
            long max = 0;
            Map<Long, Long> times = new HashMap<>();
            for (long[] r : got) {
                if (!seen.add(r[0])) {
                    duplicated++;
                } else {
                    times.put(r[0], r[1]);
                }
                if (r[0] <= max) {
                    outOfOrder++;
                }
                max = Math.max(max, r[0]);
            }
            List<Long> missing = new ArrayList<>();
            for (long id : stored.get(c.conversationId)) {
                if (!seen.contains(id)) {
                    lost++;
                    missing.add(id);
                }
            }
            if (!missing.isEmpty()) {
                lostDetail.add(Map.of("conversation", c.conversationId, "client", c.index, "missing", missing,
                        "last_received", max, "received", got.size()));
            }
            receiveTimes.computeIfAbsent(c.conversationId, x -> new HashMap<>()).put(c.index, times);
        }

        List<Map<String, Object>> drills = new ArrayList<>();
        List<String> lines = Files.exists(drillsFile) ? Files.readAllLines(drillsFile) : List.of();
        for (String line : lines) {
            String[] parts = line.trim().split(" ", 2);
            if (parts.length < 2) {
                continue;
            }
            long at = Long.parseLong(parts[0]);
            long recovered = -1;
            for (int g = 0; g < conversations; g++) {
                long conv = ids[g];
                for (long id : stored.get(conv)) {
                    String cmid = contentOf.get(conv).get(id).substring(6);
                    Long sentAt = firstSent.get(cmid);
                    if (sentAt == null || sentAt < at) {
                        continue;
                    }
                    long all = 0;
                    for (Map<Long, Long> times : receiveTimes.get(conv).values()) {
                        Long t = times.get(id);
                        all = t == null ? Long.MAX_VALUE : Math.max(all, t);
                    }
                    if (all != Long.MAX_VALUE && all - at > recovered) {
                        recovered = Math.max(0, all - at);
                    }
                    break;
                }
            }
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("drill", parts[1]);
            // Full recovery: every conversation has a message sent after the failure delivered to all its subscribers.
            d.put("recovery_ms", recovered);
            drills.add(d);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("conversations", conversations);
        result.put("subscribers_per_conversation", k);
        result.put("messages_committed", committedTotal);
        result.put("deliveries_checked", committedTotal * (k - 1));
        result.put("lost", lost);
        if (!lostDetail.isEmpty()) {
            result.put("lost_detail", lostDetail);
        }
        result.put("duplicated", duplicated);
        result.put("out_of_order", outOfOrder);
        result.put("sends_given_up", givenUp.get());
        result.put("client_reconnects", clients.stream().mapToInt(c -> c.reconnects.get()).sum());
        result.put("drills", drills);
        String out = JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result);
        System.out.println(out);
        if (a.containsKey("json")) {
            Files.writeString(Path.of(a.get("json")), out);
        }
        System.exit(0);
    }

    private static JsonNode history(HttpClient http, List<String> nodes, String token, long conversation, Long before) {
        for (String node : nodes) {
            try {
                String url = node + "/chat/conversations/" + conversation + "/messages/?limit=200"
                        + (before == null ? "" : "&before_id=" + before);
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return JSON.readTree(r.body()).get("messages");
                }
            } catch (Exception nextNode) {
                // try the next node
            }
        }
        return null;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
