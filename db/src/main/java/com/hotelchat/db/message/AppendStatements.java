package com.hotelchat.db.message;

import com.hotelchat.db.conversation.ConversationMapper;
import com.hotelchat.db.media.MediaJson;
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
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.ibatis.exceptions.PersistenceException;

/**
 * The statements every append runs, in plain JDBC on the transaction's connection: they run for every message, and the
 * mapping layer cost more than the statements' own work there (profiled). Locking a batch's conversations in id order
 * keeps concurrent batches from deadlocking; the insert and the conversation's last-message columns are one statement
 * (one round trip). Everything else stays in MyBatis, with the mappers' column lists. SQL failures surface as MyBatis's
 * {@link PersistenceException}, like the mappers'.
 */
final class AppendStatements {

    private static final String LOCK_ALL = "SELECT " + ConversationMapper.COLUMNS + ConversationMapper.FROM
            + "WHERE c.id = ANY (?) ORDER BY c.id FOR UPDATE OF c";
    private static final String INSERT_AS_LAST = """
            WITH m AS (
              INSERT INTO messages (conversation_id, sender_type, sender_id, sender_name, content, client_message_id,
                                    external_id, private, media)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
              ON CONFLICT DO NOTHING
              RETURNING\s""" + MessageMapper.COLUMNS + """
            ), c AS (
              UPDATE conversations SET last_message_id = m.id, last_message_at = m.created_at,
                     last_message_preview = CASE WHEN m.private_note THEN conversations.last_message_preview ELSE ? END,
                     updated_at = clock_timestamp(),
                     status = CASE WHEN m.sender_type = 'guest' THEN 'active' ELSE conversations.status END,
                     snoozed_until = CASE WHEN m.sender_type = 'guest' THEN NULL ELSE conversations.snoozed_until END,
                     waiting_since = CASE WHEN m.sender_type = 'guest'
                                          THEN COALESCE(conversations.waiting_since, m.created_at)
                                          WHEN m.private_note THEN conversations.waiting_since END,
                     waiting_alerted = (m.sender_type = 'guest' OR m.private_note)
                                       AND conversations.waiting_since IS NOT NULL AND conversations.waiting_alerted
              FROM m WHERE conversations.id = m.conversation_id
            )
            SELECT m.* FROM m""";

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

    /** The stored message, or null when its client_message_id (of that sender) or external id was used already. */
    StoredMessage insertAsLast(long conversationId, Sender sender, String content, String clientMessageId,
                               String externalId, boolean privateNote, String preview, MessageMedia media) {
        try (PreparedStatement st = connection.prepareStatement(INSERT_AS_LAST)) {
            st.setLong(1, conversationId);
            st.setString(2, sender.type());
            st.setLong(3, sender.id());
            st.setString(4, sender.name());
            st.setString(5, content);
            setNullable(st, 6, clientMessageId);
            setNullable(st, 7, externalId);
            st.setBoolean(8, privateNote);
            setNullable(st, 9, MediaJson.write(media));
            st.setString(10, preview);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return new StoredMessage(rs.getLong("id"), rs.getLong("conversation_id"), rs.getString("sender_type"),
                        nullableLong(rs, "sender_id"), rs.getString("sender_name"), rs.getString("content"),
                        instant(rs, "created_at"), rs.getString("client_message_id"), rs.getBoolean("private_note"),
                        MediaJson.read(rs.getString("media")));
            }
        } catch (SQLException e) {
            throw new PersistenceException("appending a message failed", e);
        }
    }

    private static void setNullable(PreparedStatement st, int index, String value) throws SQLException {
        if (value == null) {
            st.setNull(index, Types.VARCHAR);
        } else {
            st.setString(index, value);
        }
    }

    private static Conversation conversation(ResultSet rs) throws SQLException {
        return new Conversation(rs.getLong("id"), rs.getLong("department_id"), rs.getString("department"),
                rs.getLong("guest_id"), rs.getString("guest_name"), rs.getString("guest_whatsapp_number"),
                rs.getString("guest_room_number"), rs.getString("conversation_type"), rs.getString("status"),
                instant(rs, "created_at"), instant(rs, "updated_at"), nullableLong(rs, "last_message_id"),
                instant(rs, "last_message_at"), rs.getString("last_message_preview"), instant(rs, "last_guest_message_at"),
                nullableLong(rs, "assignee_id"), rs.getString("assignee_name"), instant(rs, "snoozed_until"),
                instant(rs, "waiting_since"));
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
