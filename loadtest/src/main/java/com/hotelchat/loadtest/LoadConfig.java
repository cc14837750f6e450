package com.hotelchat.loadtest;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What to run, from {@code --name value} arguments, with hard bounds so a run cannot grow without limit.
 * Targets only the node URLs it is given.
 */
record LoadConfig(List<String> nodes, String adminUser, String adminPassword, int clients, int departmentSize,
                  int subscribers, int rate, int durationSeconds, int warmupSeconds, List<Long> nodePids, String jsonOut, String runId) {

    static final int MAX_CLIENTS = 18_000;
    static final int MAX_DURATION = 600;
    static final int MAX_RATE = 50_000;

    static LoadConfig parse(String[] args) {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
            }
            a.put(args[i].substring(2), args[i + 1]);
        }
        LoadConfig c = new LoadConfig(
                List.of(a.getOrDefault("nodes", "http://127.0.0.1:8080").split(",")),
                a.getOrDefault("admin-user", "admin"),
                a.getOrDefault("admin-password", "change-me-now"),
                bounded(a, "clients", 300, 1, MAX_CLIENTS),
                bounded(a, "department-size", 50, 1, 10_000),
                bounded(a, "subscribers", 3, 1, 100),
                bounded(a, "rate", 100, 0, MAX_RATE),
                bounded(a, "duration", 20, 1, MAX_DURATION),
                bounded(a, "warmup", 15, 0, MAX_DURATION),
                a.containsKey("pids") ? Arrays.stream(a.get("pids").split(",")).map(Long::parseLong).toList() : List.of(),
                a.get("json"),
                a.getOrDefault("run-id", Long.toString(System.currentTimeMillis() % 1_000_000)));
        if (c.clients() % c.departmentSize() != 0) {
            throw new IllegalArgumentException("clients must be a multiple of department-size");
        }
        return c;
    }

    private static int bounded(Map<String, String> a, String name, int fallback, int min, int max) {
        int value = a.containsKey(name) ? Integer.parseInt(a.get(name)) : fallback;
        if (value < min || value > max) {
            throw new IllegalArgumentException("--" + name + " must be between " + min + " and " + max);
        }
        return value;
    }
}
