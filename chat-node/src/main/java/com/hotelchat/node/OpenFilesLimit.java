package com.hotelchat.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says at start-up how many connections the process's open-files limit leaves room for. Every WebSocket holds a file;
 * at the limit the listener's accept fails over and over (Grizzly retries at once), the node spins on it and stops
 * answering, health checks included: measured with 20,000 connections to one node under a limit of 20,000. Container
 * runtimes usually give 1,048,576; a shell often gives 1,024 or 20,000.
 */
final class OpenFilesLimit {

    private static final Logger log = LoggerFactory.getLogger(OpenFilesLimit.class);
    /** Files the node holds besides its connections: the jar, the JDK's, database and Redis connections, a margin. */
    static final long OTHER_FILES = 512;
    /** Below this many connections' room, the start-up line is a warning. */
    static final long WARN_BELOW = 50_000;

    private OpenFilesLimit() {}

    static void report() {
        OptionalLong limit = softLimit(Path.of("/proc/self/limits"));
        if (limit.isEmpty()) {
            return;
        }
        long room = Math.max(0, limit.getAsLong() - OTHER_FILES);
        if (room < WARN_BELOW) {
            log.warn("open files limit {}: room for about {} connections; at the limit the node stops answering "
                    + "(raise it: ulimit -n, or the container runtime's nofile)", limit.getAsLong(), room);
        } else {
            log.info("open files limit {}: room for about {} connections", limit.getAsLong(), room);
        }
    }

    /** The soft limit on open files from a {@code /proc/<pid>/limits} file; empty when unreadable or unlimited. */
    static OptionalLong softLimit(Path limits) {
        try {
            List<String> lines = Files.readAllLines(limits);
            for (String line : lines) {
                if (line.startsWith("Max open files")) {
                    String[] columns = line.substring("Max open files".length()).trim().split("\\s+");
                    return columns[0].equals("unlimited") ? OptionalLong.empty()
                            : OptionalLong.of(Long.parseLong(columns[0]));
                }
            }
        } catch (IOException | RuntimeException e) {
            log.debug("open files limit not readable: {}", e.toString());
        }
        return OptionalLong.empty();
    }
}
