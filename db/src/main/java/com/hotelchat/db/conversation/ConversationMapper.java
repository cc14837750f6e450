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
            c.last_guest_message_at, c.assignee_id, a.name AS assignee_name, c.snoozed_until, c.waiting_since, c.version, c.version_at""";
    String FROM = " FROM conversations c JOIN departments d ON d.id = c.department_id JOIN guests g ON g.id = c.guest_id "
            + "LEFT JOIN staff_users a ON a.id = c.assignee_id ";

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

    @Select("SELECT clock_timestamp()")
    java.time.Instant now();

    /** A change the version trigger cannot see (labels, the guest's profile): the conversation's next version. */
    @org.apache.ibatis.annotations.Update(
            "UPDATE conversations SET version = version + 1, version_at = clock_timestamp(), updated_at = clock_timestamp() "
            + "WHERE id = #{id}")
    void nextVersion(@Param("id") long id);

    /** The guest's profile changed: every conversation of the guest shows it, so each gets its next version. */
    @Select("""
            UPDATE conversations SET version = version + 1, version_at = clock_timestamp(), updated_at = clock_timestamp()
            WHERE guest_id = #{guestId} RETURNING id""")
    List<Long> nextVersionOfGuest(@Param("guestId") long guestId);

    @Select("UPDATE conversations SET last_guest_message_at = clock_timestamp() WHERE id = #{id} RETURNING id")
    Long recordGuestWhatsApp(@Param("id") long id);

    /**
     * Where a guest's new message goes: their most recently active conversation that is not closed, else their most
     * recently active closed one (the message reopens it: guests come back days later), else none.
     */
    @Select("SELECT id FROM conversations WHERE guest_id = #{guestId} "
            + "ORDER BY status = 'closed', COALESCE(last_message_at, created_at) DESC, id DESC LIMIT 1")
    Long findLatestForGuest(@Param("guestId") long guestId);

    /** Null when the conversation was closed already: closing twice notifies nobody. */
    @Select("""
            UPDATE conversations SET status = 'closed', snoozed_until = NULL, waiting_since = NULL,
                   waiting_alerted = FALSE, updated_at = clock_timestamp()
            WHERE id = #{id} AND status <> 'closed' RETURNING id""")
    Long close(@Param("id") long id);

    /**
     * Conversations of these departments, or with these ids, changed in any way (opened, written to, a note, a state
     * change) at or after {@code since} and at least {@code settleSeconds} ago by the database's clock, oldest change
     * first.
     */
    @Select("SELECT " + COLUMNS + FROM + """
            WHERE c.updated_at >= #{since} AND c.updated_at <= clock_timestamp() - make_interval(secs => #{settleSeconds})
              AND (d.name = ANY (#{departments, typeHandler=org.apache.ibatis.type.ArrayTypeHandler})
                   OR c.id = ANY (#{ids, typeHandler=org.apache.ibatis.type.ArrayTypeHandler}))
            ORDER BY c.updated_at, c.id
            LIMIT #{limit}""")
    List<Conversation> changedSince(@Param("departments") String[] departments, @Param("ids") Long[] ids,
                                    @Param("since") java.time.Instant since, @Param("settleSeconds") double settleSeconds,
                                    @Param("limit") int limit);

    @Select("<script>SELECT " + COLUMNS + """
            , (SELECT count(*) FROM messages m
                 WHERE m.conversation_id = c.id AND m.id > COALESCE(rm.last_read_message_id, 0)
                   AND NOT (m.sender_type = 'staff' AND m.sender_id = #{userId}) AND m.activity IS NULL) AS unread_count
            , g.check_out_date AS guest_check_out, g.language AS guest_language
            , (SELECT count(*) FROM mentions mn
                 WHERE mn.user_id = #{userId} AND mn.conversation_id = c.id AND mn.read_at IS NULL) AS unread_mentions
            """ + FROM + """
            LEFT JOIN read_markers rm ON rm.conversation_id = c.id AND rm.user_id = #{userId}
            WHERE c.department_id IN (SELECT department_id FROM staff_departments WHERE user_id = #{userId})
            <if test="status != null"> AND c.status = #{status} </if>
            <if test="department != null"> AND d.name = #{department} </if>
            <if test="unassigned"> AND c.assignee_id IS NULL </if>
            <if test="assigneeId != null"> AND c.assignee_id = #{assigneeId} </if>
            <if test="label != null">
              AND EXISTS (SELECT 1 FROM conversation_labels cl JOIN labels l ON l.id = cl.label_id
                          WHERE cl.conversation_id = c.id AND l.name = #{label})
            </if>
            <choose>
              <when test="byWaiting">
                AND c.waiting_since IS NOT NULL
                <if test="afterAt != null"> AND (c.waiting_since, c.id) &gt; (#{afterAt}, #{afterId}) </if>
                ORDER BY c.waiting_since, c.id
              </when>
              <otherwise>
                <if test="afterAt != null">
                  AND (COALESCE(c.last_message_at, c.created_at), c.id) &lt; (#{afterAt}, #{afterId})
                </if>
                ORDER BY COALESCE(c.last_message_at, c.created_at) DESC, c.id DESC
              </otherwise>
            </choose>
            LIMIT #{limit}</script>""")
    List<ConversationListRow> list(ListQuery query);
}
