package com.hotelchat.db.message;

import com.hotelchat.db.conversation.ConversationMapper;
import com.hotelchat.db.JsonColumn;
import com.hotelchat.domain.Activity;
import com.hotelchat.domain.Conversation;
import com.hotelchat.domain.MessageMedia;
import com.hotelchat.domain.StoredMessage;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.ibatis.exceptions.PersistenceException;

/**
 * The statements every append runs, in plain JDBC on the transaction's connection: they run for every message, and the
 * mapping layer cost more than the statements' own work there (profiled). Locking a batch's conversations in id order
 * keeps concurrent batches from deadlocking; the insert and the conversation's last-message columns are one statement
 * (one round trip; the statement is V11's {@code append_message}), and a group commit's plain texts can go in one
 * statement with their commit ({@link #appendBatch}). Everything else stays in MyBatis, with the mappers' column
 * lists. SQL failures surface as MyBatis's {@link PersistenceException}, like the mappers'.
 */
final class AppendStatements {

    private static final String LOCK_ALL = "SELECT " + ConversationMapper.COLUMNS + ConversationMapper.FROM
            + "WHERE c.id = ANY (?) ORDER BY c.id FOR UPDATE OF c";
    /**
     * The append proper (V16's {@code append_message}): the message (or activity entry) and its conversation's
     * last-message columns.
     */
    private static final String INSERT_AS_LAST =
            "SELECT * FROM append_message(?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?::jsonb)";
    /** A batch's plain texts in one statement (V13's {@code append_batch}). */
    private static final String APPEND_BATCH = "SELECT * FROM append_batch(?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String CONVERSATION_BEFORE = "c_";

    private final Connection connection;

    AppendStatements(Connection connection) {
        this.connection = connection;
    }

    /** Locks the conversations (in id order) and returns them by id; unknown ids are absent. */
    Map<Long, Conversation> lockAll(Collection<Long> ids) {
        Map<Long, Conversation> locked = new HashMap<>();
        try (PreparedStatement st = connection.prepareStatement(LOCK_ALL)) {
            Array array = connection.createArrayOf("bigint", ids.toArray());
            st.setArray(1, array);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    Conversation c = conversation(rs);
                    locked.put(c.id(), c);
                }
            }
            array.free();
        } catch (SQLException e) {
            throw new PersistenceException("locking conversations failed", e);
        }
        return locked;
    }

    /**
     * The stored message, or null when its client_message_id (of that sender) or external id was used already.
     * {@code activity}: null, or the facts of an activity entry (then {@code privateNote} is true).
     */
    StoredMessage insertAsLast(long conversationId, Sender sender, String content, String clientMessageId,
                               String externalId, boolean privateNote, String preview, MessageMedia media,
                               Activity activity) {
        try (PreparedStatement st = connection.prepareStatement(INSERT_AS_LAST)) {
            st.setLong(1, conversationId);
            st.setString(2, sender.type());
            if (sender.id() == null) {
                st.setNull(3, Types.BIGINT);
            } else {
                st.setLong(3, sender.id());
            }
            st.setString(4, sender.name());
            st.setString(5, content);
            setNullable(st, 6, clientMessageId);
            setNullable(st, 7, externalId);
            st.setBoolean(8, privateNote);
            setNullable(st, 9, JsonColumn.MEDIA.write(media));
            st.setString(10, preview);
            setNullable(st, 11, JsonColumn.ACTIVITY.write(activity));
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return message(rs, activity);
            }
        } catch (SQLException e) {
            throw new PersistenceException("appending a message failed", e);
        }
    }

    /**
     * Appends, in one statement on an autocommit connection (one round trip, one commit), the requests it can: texts
     * without files, in list order, except those of a conversation after one of its requests that carries files (they
     * keep their order behind it). The answer has one entry per request: its {@code Appended}, or null where nothing
     * was written for it (not sent, or skipped by the statement: a conversation not found or out of reach, a retried
     * client_message_id, or any message of a conversation held back whole: a closed one getting a staff message, a
     * WhatsApp one getting a reply to go out there), to be appended the ordinary way, which gives its precise answer
     * and keeps each held-back conversation's order.
     */
    List<AppendResult> appendBatch(List<AppendRequest> requests) {
        List<AppendRequest> sent = new ArrayList<>(requests.size());
        List<Integer> positions = new ArrayList<>(requests.size());
        Set<Long> heldBack = new HashSet<>();
        for (int i = 0; i < requests.size(); i++) {
            AppendRequest r = requests.get(i);
            if (!r.attachmentIds().isEmpty() || heldBack.contains(r.conversationId())) {
                heldBack.add(r.conversationId());
            } else {
                sent.add(r);
                positions.add(i);
            }
        }
        AppendResult[] results = new AppendResult[requests.size()];
        if (!sent.isEmpty()) {
            String[] previews = sent.stream().map(r -> MessageStore.preview(r.content())).toArray(String[]::new);
            try (PreparedStatement st = connection.prepareStatement(APPEND_BATCH)) {
                st.setArray(1, longs(sent, AppendRequest::conversationId));
                st.setArray(2, strings("varchar", sent, r -> r.sender().type()));
                st.setArray(3, longs(sent, r -> r.sender().id()));
                st.setArray(4, strings("varchar", sent, r -> r.sender().name()));
                st.setArray(5, strings("text", sent, AppendRequest::content));
                st.setArray(6, strings("varchar", sent, AppendRequest::clientMessageId));
                st.setArray(7, connection.createArrayOf("varchar", previews));
                st.setArray(8, strings("text", sent, AppendStatements::departmentList));
                st.setArray(9, connection.createArrayOf("boolean",
                        sent.stream().map(AppendRequest::overWhatsApp).toArray(Boolean[]::new)));
                // Rows come in request order, each with its conversation as it stood before the batch: each message
                // is appended to what the batch's earlier messages made of it.
                Map<Long, Conversation> current = new HashMap<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        int k = rs.getInt("ord") - 1;
                        StoredMessage message = message(rs, null);
                        Conversation before = current.get(message.conversationId());
                        if (before == null) {
                            before = conversation(rs, CONVERSATION_BEFORE);
                        }
                        AppendResult.Appended appended = AppendResult.Appended.after(before, message, previews[k]);
                        current.put(message.conversationId(), appended.conversation());
                        results[positions.get(k)] = appended;
                    }
                }
            } catch (SQLException e) {
                throw new PersistenceException("appending a batch failed", e);
            }
        }
        return Arrays.asList(results);
    }

    /** The sender's departments as append_batch takes them (names never contain commas); null for any. */
    private static String departmentList(AppendRequest r) {
        return r.departments() == null ? null : String.join(",", r.departments());
    }

    private Array longs(List<AppendRequest> rows, Function<AppendRequest, Long> column) throws SQLException {
        return connection.createArrayOf("bigint", rows.stream().map(column).toArray(Long[]::new));
    }

    private Array strings(String type, List<AppendRequest> rows, Function<AppendRequest, String> column)
            throws SQLException {
        return connection.createArrayOf(type, rows.stream().map(column).toArray(String[]::new));
    }

    /** A row the append functions returned; {@code activity} is what was written (they do not return it). */
    private static StoredMessage message(ResultSet rs, Activity activity) throws SQLException {
        return new StoredMessage(rs.getLong("id"), rs.getLong("conversation_id"), rs.getString("sender_type"),
                nullableLong(rs, "sender_id"), rs.getString("sender_name"), rs.getString("content"),
                instant(rs, "created_at"), rs.getString("client_message_id"), rs.getBoolean("private_note"),
                JsonColumn.MEDIA.read(rs.getString("media")), activity);
    }

    private static void setNullable(PreparedStatement st, int index, String value) throws SQLException {
        if (value == null) {
            st.setNull(index, Types.VARCHAR);
        } else {
            st.setString(index, value);
        }
    }

    private static Conversation conversation(ResultSet rs) throws SQLException {
        return conversation(rs, "");
    }

    /** A conversation of {@link ConversationMapper#COLUMNS}, each column's name preceded by {@code prefix}. */
    private static Conversation conversation(ResultSet rs, String prefix) throws SQLException {
        return new Conversation(rs.getLong(prefix + "id"), rs.getLong(prefix + "department_id"),
                rs.getString(prefix + "department"), rs.getLong(prefix + "guest_id"), rs.getString(prefix + "guest_name"),
                rs.getString(prefix + "guest_whatsapp_number"), rs.getString(prefix + "guest_room_number"),
                rs.getString(prefix + "conversation_type"), rs.getString(prefix + "status"),
                instant(rs, prefix + "created_at"), instant(rs, prefix + "updated_at"),
                nullableLong(rs, prefix + "last_message_id"), instant(rs, prefix + "last_message_at"),
                rs.getString(prefix + "last_message_preview"), instant(rs, prefix + "last_guest_message_at"),
                nullableLong(rs, prefix + "assignee_id"), rs.getString(prefix + "assignee_name"),
                instant(rs, prefix + "snoozed_until"), instant(rs, prefix + "waiting_since"),
                // append_batch does not return the version
                prefix.isEmpty() ? rs.getLong("version") : 0, prefix.isEmpty() ? instant(rs, "version_at") : null);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
