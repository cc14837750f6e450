package com.hotelchat.db;

import com.hotelchat.db.conversation.ConversationMapper;
import com.hotelchat.db.conversation.GuestMapper;
import com.hotelchat.db.conversation.ReadMarkerMapper;
import com.hotelchat.db.message.MessageMapper;
import com.hotelchat.db.staff.DepartmentMapper;
import com.hotelchat.db.staff.StaffMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import com.zaxxer.hikari.pool.HikariPool;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.apache.ibatis.exceptions.PersistenceException;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection pool, the schema (migrated at start-up) and MyBatis. Work runs in a transaction that
 * commits when the function returns and rolls back when it throws, so nothing is ever half-written.
 */
public final class Database implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource dataSource;
    /** Where statements get their connections: the pool, or the pool seen through an instrumentation (traces). */
    private final DataSource statements;
    private final SqlSessionFactory sessions;

    private Database(HikariDataSource dataSource, DataSource statements) {
        this.dataSource = dataSource;
        this.statements = statements;
        Configuration configuration = new Configuration(
                new Environment("chat", new JdbcTransactionFactory(), statements));
        configuration.setMapUnderscoreToCamelCase(true);
        configuration.setArgNameBasedConstructorAutoMapping(true);
        register(configuration, JsonColumn.MEDIA);
        register(configuration, JsonColumn.ACTIVITY);
        register(configuration, JsonColumn.TEMPLATE_CONTENT);
        register(configuration, JsonColumn.TEMPLATE_PREFILL);
        register(configuration, JsonColumn.TEMPLATE_VALUES);
        configuration.addMapper(DepartmentMapper.class);
        configuration.addMapper(StaffMapper.class);
        configuration.addMapper(com.hotelchat.db.staff.RevokedTokenMapper.class);
        configuration.addMapper(GuestMapper.class);
        configuration.addMapper(ConversationMapper.class);
        configuration.addMapper(MessageMapper.class);
        configuration.addMapper(ReadMarkerMapper.class);
        configuration.addMapper(com.hotelchat.db.desk.DeskMapper.class);
        configuration.addMapper(com.hotelchat.db.message.MentionMapper.class);
        configuration.addMapper(com.hotelchat.db.tools.LabelMapper.class);
        configuration.addMapper(com.hotelchat.db.tools.CannedReplyMapper.class);
        configuration.addMapper(com.hotelchat.db.tools.GuestProfileMapper.class);
        configuration.addMapper(com.hotelchat.db.tools.SearchMapper.class);
        configuration.addMapper(com.hotelchat.db.report.ReportMapper.class);
        configuration.addMapper(com.hotelchat.db.whatsapp.InboxMapper.class);
        configuration.addMapper(com.hotelchat.db.whatsapp.OutboxMapper.class);
        configuration.addMapper(com.hotelchat.db.whatsapp.DeliveryMapper.class);
        configuration.addMapper(com.hotelchat.db.media.MediaMapper.class);
        configuration.addMapper(com.hotelchat.db.template.TemplateMapper.class);
        configuration.addMapper(com.hotelchat.db.schedule.ScheduleMapper.class);
        configuration.addMapper(com.hotelchat.db.journey.JourneyMapper.class);
        this.sessions = new SqlSessionFactoryBuilder().build(configuration);
    }

    /**
     * Applies pending migrations, then opens the pool; fails fast with the reason when the database is unreachable.
     * Both reach the primary only (see {@link #DRIVER_DEFAULTS}): a standby named first in a multi-host URL is skipped.
     */
    public static Database open(DbSettings settings) {
        return open(settings, UnaryOperator.identity());
    }

    /**
     * As {@link #open(DbSettings)}, with every statement's connection taken through {@code instrument(pool)} (a
     * wrapper that traces each statement); the pool's own checks (health, gauges) and the migrations bypass it.
     */
    public static Database open(DbSettings settings, UnaryOperator<DataSource> instrument) {
        DatabaseUrl url = DatabaseUrl.parse(settings.jdbcUrl());
        // Migrations on connections of their own (Flyway holds two), without the pool's socket timeout: a migration may
        // run for minutes.
        try (HikariDataSource migrations = new HikariDataSource(poolConfig(settings, "chat-db-migrations", 2, false))) {
            Flyway.configure().dataSource(migrations).locations("classpath:db/migration").load().migrate();
        }
        HikariDataSource dataSource = new HikariDataSource(poolConfig(settings, "chat-db", settings.poolSize(), true));
        log.info("database pool open: {} hosts {}, {} connections", url.hosts().size(), url.hosts(), settings.poolSize());
        return new Database(dataSource, instrument.apply(dataSource));
    }

    /**
     * The driver's settings unless the URL sets them itself (its parameters win over these):
     * <ul>
     * <li>{@code targetServerType=primary}: of the URL's hosts, connect to the one that accepts writes now. A standby,
     * and a demoted or fenced primary that still accepts connections read-only, are skipped, so after a failover new
     * connections reach the promoted standby without a change of configuration.</li>
     * <li>{@code connectTimeout=5}: a host that does not answer (a dead machine drops packets rather than refusing them)
     * costs five seconds before the next host is tried, not the driver's ten.</li>
     * <li>{@code socketTimeout=30} (the pool only, not migrations): a statement on a connection to a primary that
     * vanished without a reset (its machine died, a network partition) fails after 30 s instead of when TCP gives up,
     * which on Linux is after about 15 minutes. No statement of the node runs anywhere near that long.</li>
     * </ul>
     */
    static final Map<String, String> DRIVER_DEFAULTS = Map.of(
            "targetServerType", "primary",
            "connectTimeout", "5");
    private static final String SOCKET_TIMEOUT_SECONDS = "30";

    private static HikariConfig poolConfig(DbSettings settings, String name, int size, boolean socketTimeout) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.jdbcUrl());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(size);
        config.setPoolName(name);
        // What a caller waits for a connection while there is none (a failover): then it fails, and the group commit
        // tries again within its own bound (GroupCommit's database wait), which this wait never exceeds.
        config.setConnectionTimeout(settings.connectionWait().toMillis());
        config.setValidationTimeout(2_000);
        config.setExceptionOverride(READ_ONLY_EVICTS);
        DRIVER_DEFAULTS.forEach(config::addDataSourceProperty);
        if (socketTimeout) {
            config.addDataSourceProperty("socketTimeout", SOCKET_TIMEOUT_SECONDS);
        }
        return config;
    }

    /**
     * HikariCP evicts a connection on the SQL states of a broken connection (class 08, admin shutdown) but keeps one
     * whose server turned read-only: a primary demoted or fenced in a switchover that still accepts connections (and
     * a DNS name that moved to the new primary while old connections stayed) would fail every write on it until the
     * connection's lifetime ends. Such a connection is evicted on its first refused write, and the next one is made
     * to the primary.
     */
    private static final SQLExceptionOverride READ_ONLY_EVICTS = new SQLExceptionOverride() {
        @java.lang.Override
        public Override adjudicate(SQLException e) {
            return DatabaseFailure.READ_ONLY.equals(e.getSQLState()) ? Override.MUST_EVICT : Override.CONTINUE_EVICT;
        }
    };

    public <T> T inTransaction(Function<SqlSession, T> work) {
        try (SqlSession session = sessions.openSession(false)) {
            try {
                T result = work.apply(session);
                session.commit(true);
                return result;
            } catch (RuntimeException | Error e) {
                try {
                    session.rollback(true);
                } catch (RuntimeException rollbackFailed) {
                    // the connection broke with the work (the pool closed it already): what failed is the work
                    e.addSuppressed(rollbackFailed);
                }
                throw e;
            }
        }
    }

    /**
     * Runs {@code work} on a pooled connection in autocommit mode: each statement is its own transaction, committed
     * before the statement's answer comes back (one round trip where a transaction needs at least two more).
     */
    public <T> T withConnection(Function<Connection, T> work) {
        try (Connection connection = statements.getConnection()) {
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
            return work.apply(connection);
        } catch (SQLException e) {
            throw new PersistenceException("no database connection", e);
        }
    }

    /**
     * True when a pooled connection answers a round trip within {@code wait}. Bounded, unlike an ordinary borrow, so
     * that a readiness probe with a one-second timeout gets its answer while the database fails over; a check that
     * takes longer finishes in the background (within the pool's validation timeout) and counts as down.
     */
    public boolean isHealthy(Duration wait) {
        if (!(dataSource.getHikariPoolMXBean() instanceof HikariPool pool)) {
            return false;
        }
        CompletableFuture<Boolean> check = CompletableFuture.supplyAsync(() -> {
            try (Connection connection = pool.getConnection(wait.toMillis())) {
                return connection.isValid(1);
            } catch (SQLException e) {
                return false;
            }
        }, task -> Thread.ofVirtual().name("db-health").start(task));
        try {
            return check.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public int activeConnections() {
        var pool = dataSource.getHikariPoolMXBean();
        return pool == null ? 0 : pool.getActiveConnections();
    }

    /** Threads waiting for a connection because every one is in use: the pool is exhausted while this is above 0. */
    public int threadsAwaitingConnection() {
        var pool = dataSource.getHikariPoolMXBean();
        return pool == null ? 0 : pool.getThreadsAwaitingConnection();
    }

    /** The most connections the pool opens ({@code CHAT_DB_POOL_SIZE}). */
    public int maxConnections() {
        return dataSource.getMaximumPoolSize();
    }

    @Override
    public void close() {
        dataSource.close();
    }

    private static <T> void register(Configuration configuration, JsonColumn<T> column) {
        configuration.getTypeHandlerRegistry().register(column.type(), new JsonColumnTypeHandler<>(column));
    }
}
