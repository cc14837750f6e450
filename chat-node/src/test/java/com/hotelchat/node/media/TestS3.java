package com.hotelchat.node.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A throwaway S3-compatible server for tests: s3rver (from npm, installed in web-tests by {@code npm ci}) on a free
 * port with its data in a temporary directory; stopped and removed with {@link #close()}.
 */
public final class TestS3 implements AutoCloseable {

    public static final Path SERVER = Path.of("..", "web-tests", "node_modules", "s3rver", "bin", "s3rver.js");
    /** s3rver's built-in credentials. */
    public static final String ACCESS_KEY = "S3RVER";
    public static final String SECRET_KEY = "S3RVER";

    private final Process process;
    private final Path directory;
    private final int port;

    public static boolean installed() {
        return Files.isRegularFile(SERVER);
    }

    public TestS3() {
        try {
            directory = Files.createTempDirectory("test-s3-");
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            process = new ProcessBuilder("node", SERVER.toString(), "-d", directory.toString(), "-a", "127.0.0.1",
                    "-p", Integer.toString(port), "--silent")
                    .redirectErrorStream(true).redirectOutput(directory.resolveSibling(directory.getFileName() + ".log").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start s3rver", e);
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (true) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                    close();
                    throw new IllegalStateException("s3rver did not start on port " + port);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** Stops the server: what a store does when its S3 goes away. */
    public void stop() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory; nothing else depends on it
        }
    }
}
