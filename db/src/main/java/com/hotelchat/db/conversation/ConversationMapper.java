package com.hotelchat.db.conversation;

import com.hotelchat.domain.Conversation;
import java.util.List;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

public interface ConversationMapper {

    String COLUMNS = """
            c.id, c.department_id, d.name AS department, c.guest_id, g.name AS guest_name,
            g.whatsapp_number AS guest_whatsapp_number, g.room_number AS guest_room_number, c.conversation_type,
            c.status, c.created_at, c.updated_at, c.last_message_id, c.last_message_at, c.last_message_preview,
            c.last_guest_message_at""";
    String FROM = " FROM conversations c JOIN departments d ON d.id = c.department_id JOIN guests g ON g.id = c.guest_id ";

    @Select("""
            INSERT INTO conversations (department_id, guest_id, conversation_type)
            VALUES (#{departmentId}, #{guestId}, #{conversationType}) RETURNING id""")
    long insert(@Param("departmentId") long departmentId, @Param("guestId") long guestId,
                @Param("conversationType") String conversationType);

    @Select("SELECT " + COLUMNS + FROM + "WHERE c.id = #{id}")
    Conversation findById(@Param("id") long id);

    /** Locks the row: appends and status changes of one conversation are serialized by it. */
    @Select("SELECT " + COLUMNS + FROM + "WHERE c.id = #{id} FOR UPDATE OF c")
    Conversation lockById(@Param("id") long id);

    @Select("UPDATE conversations SET last_guest_message_at = clock_timestamp() WHERE id = #{id} RETURNING id")
    Long recordGuestWhatsApp(@Param("id") long id);

    /** The guest's most recently active open conversation, if any. */
    @Select("SELECT id FROM conversations WHERE guest_id = #{guestId} AND status = 'active' "
            + "ORDER BY COALESCE(last_message_at, created_at) DESC, id DESC LIMIT 1")
    Long findActiveForGuest(@Param("guestId") long guestId);

    /** Null when the conversation was closed already: closing twice notifies nobody. */
    @Select("""
            UPDATE conversations SET status = 'closed', updated_at = clock_timestamp()
            WHERE id = #{id} AND status = 'active' RETURNING id""")
    Long close(@Param("id") long id);

    /** Conversations of these departments created, written to or closed at or after {@code since}, oldest change first. */
    @Select("<script>SELECT " + COLUMNS + FROM + """
            WHERE d.name IN <foreach item="name" collection="departments" open="(" separator="," close=")">#{name}</foreach>
              AND c.updated_at >= #{since}
            ORDER BY c.updated_at, c.id
            LIMIT #{limit}</script>""")
    List<Conversation> changedSince(@Param("departments") java.util.Collection<String> departments,
                                    @Param("since") java.time.Instant since, @Param("limit") int limit);

    @Select("<script>SELECT " + COLUMNS + """
            , (SELECT count(*) FROM messages m
                 WHERE m.conversation_id = c.id AND m.id > COALESCE(rm.last_read_message_id, 0)
                   AND NOT (m.sender_type = 'staff' AND m.sender_id = #{userId})) AS unread_count
            """ + FROM + """
            LEFT JOIN read_markers rm ON rm.conversation_id = c.id AND rm.user_id = #{userId}
            WHERE c.department_id IN (SELECT department_id FROM staff_departments WHERE user_id = #{userId})
            <if test="status != null"> AND c.status = #{status} </if>
            ORDER BY COALESCE(c.last_message_at, c.created_at) DESC, c.id DESC
            LIMIT #{limit}</script>""")
    List<ConversationListRow> listForUser(@Param("userId") long userId, @Param("status") String status,
                                          @Param("limit") int limit);
}
