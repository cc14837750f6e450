package com.hotelchat.bus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway redis-server the test starts itself, on a free port in a temp directory, so tests can kill,
 * freeze and restart it. Needs {@code redis-server} on the PATH (Debian package redis-server); the machine's
 * own Redis on 6379 is never touched.
 */
public final class TestRedis implements AutoCloseable {

    private final int port;
    private final Path dir;
    private final List<String> extraArgs;
    private final Path sentinelConfig;
    private Process process;

    private TestRedis(int port, Path dir, List<String> extraArgs, Path sentinelConfig) {
        this.port = port;
        this.dir = dir;
        this.extraArgs = extraArgs;
        this.sentinelConfig = sentinelConfig;
    }

    /** A Sentinel watching the primary at {@code primaryPort} under the name {@code mymaster}, failing over fast. */
    public static TestRedis sentinel(int primaryPort) {
        try {
            Path dir = Files.createTempDirectory("chat-test-sentinel");
            int port = freePort();
            Path config = dir.resolve("sentinel.conf");
            Files.writeString(config, String.join("\n",
                    "port " + port,
                    "bind 127.0.0.1",
                    "dir " + dir,
                    "sentinel monitor mymaster 127.0.0.1 " + primaryPort + " 1",
                    "sentinel down-after-milliseconds mymaster 1000",
                    "sentinel failover-timeout mymaster 5000",
                    "sentinel parallel-syncs mymaster 1", ""));
            TestRedis sentinel = new TestRedis(port, dir, List.of(), config);
            sentinel.startProcess();
            return sentinel;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TestRedis start(String... extraArgs) {
        try {
            TestRedis redis = new TestRedis(freePort(), Files.createTempDirectory("chat-test-redis"), List.of(extraArgs), null);
            redis.startProcess();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A server on a port the caller chose (to point a proxy at it before it starts, say). */
    public static TestRedis startOn(int port, String... extraArgs) {
        try {
            TestRedis redis = new TestRedis(port, Files.createTempDirectory("chat-test-redis"), List.of(extraArgs), null);
            redis.startProcess();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** Starts (again) on the same port. */
    public synchronized void startProcess() {
        List<String> command = sentinelConfig != null
                ? new ArrayList<>(List.of("redis-server", sentinelConfig.toString(), "--sentinel"))
                : new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port),
                        "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString()));
        command.addAll(extraArgs);
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start redis-server (is the redis-server package installed?)", e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.onSpinWait();
            }
        }
        throw new IllegalStateException("redis-server did not start on port " + port);
    }

    /** SIGKILL: the server vanishes without a goodbye. */
    public synchronized void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public void signal(String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        kill();
    }
}
