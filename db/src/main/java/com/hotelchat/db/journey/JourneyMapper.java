package com.hotelchat.db.journey;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

public interface JourneyMapper {

    String COLUMNS = """
            r.id, r.department_id, d.name AS department, r.name, r.template_id, t.name AS template_name, r.occasion,
            r.days_before, r.send_time, r.active""";
    String FROM = " FROM journey_rules r JOIN departments d ON d.id = r.department_id "
            + "JOIN whatsapp_templates t ON t.id = r.template_id ";

    @Select("SELECT " + COLUMNS + FROM + "ORDER BY d.name, r.name")
    List<JourneyRule> all();

    @Select("SELECT " + COLUMNS + FROM + "WHERE r.active ORDER BY r.id")
    List<JourneyRule> active();

    @Select("SELECT " + COLUMNS + FROM + "WHERE r.id = #{id}")
    JourneyRule find(@Param("id") long id);

    /** Null when the department has a rule of that name. */
    @Select("""
            INSERT INTO journey_rules (department_id, name, template_id, occasion, days_before, send_time, active)
            SELECT d.id, #{name}, #{templateId}, #{occasion}, #{daysBefore}, #{sendTime}, #{active}
            FROM departments d WHERE d.name = #{department}
            ON CONFLICT (department_id, name) DO NOTHING RETURNING id""")
    Long insert(@Param("department") String department, @Param("name") String name,
                @Param("templateId") long templateId, @Param("occasion") String occasion,
                @Param("daysBefore") int daysBefore, @Param("sendTime") LocalTime sendTime,
                @Param("active") boolean active);

    @Select("""
            UPDATE journey_rules SET name = #{r.name}, template_id = #{r.templateId}, occasion = #{r.occasion},
                   days_before = #{r.daysBefore}, send_time = #{r.sendTime}, active = #{r.active}, updated_at = now()
            WHERE id = #{r.id} RETURNING id""")
    Long update(@Param("r") JourneyRule rule);

    @Delete("DELETE FROM journey_rules WHERE id = #{id}")
    int delete(@Param("id") long id);

    /**
     * Guests whose check-in ({@code checkIn} true) or check-out date is {@code date} and who have no message of the
     * rule yet.
     */
    @Select("""
            <script>SELECT g.id FROM guests g
            WHERE <choose><when test="checkIn">g.check_in_date</when><otherwise>g.check_out_date</otherwise></choose>
                  = #{date}
              AND NOT EXISTS (SELECT 1 FROM scheduled_messages sm WHERE sm.journey_rule_id = #{ruleId} AND sm.guest_id = g.id)
            ORDER BY g.id LIMIT #{limit}</script>""")
    List<Long> due(@Param("ruleId") long ruleId, @Param("checkIn") boolean checkIn, @Param("date") LocalDate date,
                   @Param("limit") int limit);

    /** Locks the guest: two nodes planning the same guest's message are serialized here. */
    @Select("SELECT id FROM guests WHERE id = #{guestId} FOR UPDATE")
    Long lockGuest(@Param("guestId") long guestId);

    @Select("""
            SELECT EXISTS (SELECT 1 FROM scheduled_messages WHERE journey_rule_id = #{ruleId} AND guest_id = #{guestId})""")
    boolean planned(@Param("ruleId") long ruleId, @Param("guestId") long guestId);

    /** The guest's most recently active open conversation in the department, or null. */
    @Select("""
            SELECT id FROM conversations WHERE guest_id = #{guestId} AND department_id = #{departmentId} AND status <> 'closed'
            ORDER BY COALESCE(last_message_at, created_at) DESC, id DESC LIMIT 1""")
    Long openConversation(@Param("guestId") long guestId, @Param("departmentId") long departmentId);

    @Select("""
            INSERT INTO scheduled_messages (conversation_id, sender_name, send_at, kind, content, template_id, parameters,
                                            journey_rule_id, guest_id)
            VALUES (#{conversationId}, #{senderName}, clock_timestamp(), 'template', #{content}, #{templateId},
                    '{"header": {}, "body": {}}', #{ruleId}, #{guestId})
            RETURNING id""")
    long plan(@Param("conversationId") long conversationId, @Param("senderName") String senderName,
              @Param("content") String content, @Param("templateId") long templateId, @Param("ruleId") long ruleId,
              @Param("guestId") long guestId);

    @Select("""
            SELECT count(*) FILTER (WHERE sm.status = 'scheduled') AS pending,
                   count(*) FILTER (WHERE sm.status = 'sent' AND m.delivery_status IS DISTINCT FROM 'failed') AS sent,
                   count(*) FILTER (WHERE m.delivery_status IN ('delivered', 'read')) AS delivered,
                   count(*) FILTER (WHERE m.delivery_status = 'read') AS read,
                   count(*) FILTER (WHERE sm.status = 'sent' AND EXISTS (
                       SELECT 1 FROM messages a WHERE a.conversation_id = sm.conversation_id
                         AND a.sender_type = 'guest' AND a.id > sm.message_id)) AS answered,
                   count(*) FILTER (WHERE sm.status = 'failed' OR m.delivery_status = 'failed') AS failed
            FROM scheduled_messages sm LEFT JOIN messages m ON m.id = sm.message_id
            WHERE sm.journey_rule_id = #{ruleId}""")
    JourneyReport report(@Param("ruleId") long ruleId);
}
