package com.hotelchat.db;

import com.hotelchat.db.conversation.ConversationMapper;
import com.hotelchat.db.conversation.GuestMapper;
import com.hotelchat.db.conversation.ReadMarkerMapper;
import com.hotelchat.db.message.MessageMapper;
import com.hotelchat.db.staff.DepartmentMapper;
import com.hotelchat.db.staff.StaffMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;
import org.apache.ibatis.exceptions.PersistenceException;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;
import org.flywaydb.core.Flyway;

/**
 * The connection pool, the schema (migrated at start-up) and MyBatis. Work runs in a transaction that
 * commits when the function returns and rolls back when it throws, so nothing is ever half-written.
 */
public final class Database implements AutoCloseable {

    private final HikariDataSource dataSource;
    private final SqlSessionFactory sessions;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        Configuration configuration = new Configuration(
                new Environment("chat", new JdbcTransactionFactory(), dataSource));
        configuration.setMapUnderscoreToCamelCase(true);
        configuration.setArgNameBasedConstructorAutoMapping(true);
        register(configuration, JsonColumn.MEDIA);
        register(configuration, JsonColumn.ACTIVITY);
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
        configuration.addMapper(com.hotelchat.db.whatsapp.InboxMapper.class);
        configuration.addMapper(com.hotelchat.db.whatsapp.OutboxMapper.class);
        configuration.addMapper(com.hotelchat.db.whatsapp.DeliveryMapper.class);
        configuration.addMapper(com.hotelchat.db.media.MediaMapper.class);
        this.sessions = new SqlSessionFactoryBuilder().build(configuration);
    }

    /** Opens the pool and applies pending migrations; fails fast with the reason when the database is unreachable. */
    public static Database open(DbSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.jdbcUrl());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.poolSize());
        config.setPoolName("chat-db");
        config.setConnectionTimeout(10_000);
        config.setValidationTimeout(2_000);
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
            return new Database(dataSource);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    public <T> T inTransaction(Function<SqlSession, T> work) {
        try (SqlSession session = sessions.openSession(false)) {
            try {
                T result = work.apply(session);
                session.commit(true);
                return result;
            } catch (RuntimeException | Error e) {
                session.rollback(true);
                throw e;
            }
        }
    }

    /**
     * Runs {@code work} on a pooled connection in autocommit mode: each statement is its own transaction, committed
     * before the statement's answer comes back (one round trip where a transaction needs at least two more).
     */
    public <T> T withConnection(Function<Connection, T> work) {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
            return work.apply(connection);
        } catch (SQLException e) {
            throw new PersistenceException("no database connection", e);
        }
    }

    /** True when a connection answers a trivial query within two seconds. */
    public boolean isHealthy() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    public int activeConnections() {
        var pool = dataSource.getHikariPoolMXBean();
        return pool == null ? 0 : pool.getActiveConnections();
    }

    @Override
    public void close() {
        dataSource.close();
    }

    private static <T> void register(Configuration configuration, JsonColumn<T> column) {
        configuration.getTypeHandlerRegistry().register(column.type(), new JsonColumnTypeHandler<>(column));
    }
}
