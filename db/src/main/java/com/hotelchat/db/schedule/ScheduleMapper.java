package com.hotelchat.db.schedule;

import com.hotelchat.domain.TemplateValues;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

public interface ScheduleMapper {

    String COLUMNS = """
            sm.id, sm.conversation_id, d.name AS department, sm.created_by, sm.sender_name, sm.send_at, sm.kind,
            sm.content, sm.template_id, t.name AS template_name, sm.parameters, sm.status, sm.message_id, sm.failure,
            sm.journey_rule_id, sm.updated_at""";
    String FROM = """
             FROM scheduled_messages sm JOIN conversations c ON c.id = sm.conversation_id
            JOIN departments d ON d.id = c.department_id LEFT JOIN whatsapp_templates t ON t.id = sm.template_id\s""";

    @Select("""
            INSERT INTO scheduled_messages (conversation_id, created_by, sender_name, send_at, kind, content,
                                            template_id, parameters)
            VALUES (#{conversationId}, #{createdBy}, #{senderName}, #{sendAt}, #{kind}, #{content}, #{templateId},
                    #{parameters})
            RETURNING id""")
    long insert(@Param("conversationId") long conversationId, @Param("createdBy") Long createdBy,
                @Param("senderName") String senderName, @Param("sendAt") Instant sendAt, @Param("kind") String kind,
                @Param("content") String content, @Param("templateId") Long templateId,
                @Param("parameters") TemplateValues parameters);

    @Select("SELECT " + COLUMNS + FROM + "WHERE sm.id = #{id}")
    ScheduledMessage find(@Param("id") long id);

    @Select("SELECT " + COLUMNS + FROM + "WHERE sm.conversation_id = #{conversationId} ORDER BY sm.send_at, sm.id")
    List<ScheduledMessage> ofConversation(@Param("conversationId") long conversationId);

    /** The departments' scheduled messages in {@code status} (null: any), soonest first. */
    @Select("""
            <script>SELECT\s""" + COLUMNS + FROM + """
            WHERE d.name IN <foreach item="n" collection="departments" open="(" separator="," close=")">#{n}</foreach>
            <if test="status != null"> AND sm.status = #{status} </if>
            ORDER BY sm.send_at, sm.id LIMIT #{limit}</script>""")
    List<ScheduledMessage> ofDepartments(@Param("departments") Collection<String> departments,
                                         @Param("status") String status, @Param("limit") int limit);

    /**
     * Changes a message that has not gone yet; null when it has (or was cancelled). A row being sent is locked by the
     * sending transaction: this waits for it and then finds it sent.
     */
    @Select("""
            UPDATE scheduled_messages SET send_at = #{sendAt}, content = #{content}, parameters = #{parameters},
                   updated_at = now()
            WHERE id = #{id} AND status = 'scheduled' RETURNING id""")
    Long edit(@Param("id") long id, @Param("sendAt") Instant sendAt, @Param("content") String content,
              @Param("parameters") TemplateValues parameters);

    @Select("""
            UPDATE scheduled_messages SET status = 'cancelled', updated_at = now()
            WHERE id = #{id} AND status = 'scheduled' RETURNING id""")
    Long cancel(@Param("id") long id);

    /**
     * The next due message, locked by this transaction: one another node is sending is skipped, and one whose node died
     * mid-send is free again once its transaction rolled back. One whose last attempt failed with an error waits two
     * seconds per attempt before the next.
     */
    @Select("SELECT " + COLUMNS + FROM + """
            WHERE sm.id = (SELECT id FROM scheduled_messages WHERE status = 'scheduled' AND send_at <= clock_timestamp()
                             AND (attempts = 0 OR updated_at <= clock_timestamp() - make_interval(secs => 2 * attempts))
                           ORDER BY send_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)""")
    ScheduledMessage claimNext();

    @Update("""
            UPDATE scheduled_messages SET status = 'sent', message_id = #{messageId}, failure = NULL, updated_at = now()
            WHERE id = #{id}""")
    int markSent(@Param("id") long id, @Param("messageId") long messageId);

    @Update("UPDATE scheduled_messages SET status = 'failed', failure = #{failure}, updated_at = now() WHERE id = #{id}")
    int markFailed(@Param("id") long id, @Param("failure") String failure);

    /** An attempt that failed with an error; answers the attempts so far. */
    @Select("""
            UPDATE scheduled_messages SET attempts = attempts + 1, failure = #{error}, updated_at = now()
            WHERE id = #{id} AND status = 'scheduled' RETURNING attempts""")
    Integer attemptFailed(@Param("id") long id, @Param("error") String error);
}
