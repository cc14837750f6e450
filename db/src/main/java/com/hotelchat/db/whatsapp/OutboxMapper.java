package com.hotelchat.db.whatsapp;

import java.util.List;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

public interface OutboxMapper {

    /** {@code mediaId}: the file this part sends ({@code body} its caption), null for a text. */
    @Insert("INSERT INTO whatsapp_outbox (message_id, part, to_number, body, media_id) "
            + "VALUES (#{messageId}, #{part}, #{to}, #{body}, #{mediaId})")
    int insert(@Param("messageId") long messageId, @Param("part") int part, @Param("to") String to,
               @Param("body") String body, @Param("mediaId") String mediaId);

    /** A template message: {@code template} is the Cloud API's template object (JSON), {@code body} the text it shows. */
    @Insert("INSERT INTO whatsapp_outbox (message_id, part, to_number, body, template) "
            + "VALUES (#{messageId}, 0, #{to}, #{body}, CAST(#{template} AS jsonb))")
    int insertTemplate(@Param("messageId") long messageId, @Param("to") String to, @Param("body") String body,
                       @Param("template") String template);

    /**
     * Due rows, locked for this transaction; rows another node is sending are skipped. A message's later part waits
     * until its earlier parts are sent (or failed for good), so the guest gets them in order.
     */
    @Select("""
            SELECT o.id, o.message_id, m.conversation_id, o.to_number, o.body, o.attempts, o.media_id, o.template::text AS template
            FROM whatsapp_outbox o
            JOIN messages m ON m.id = o.message_id
            WHERE o.status = 'pending' AND o.next_attempt_at <= now()
              AND NOT EXISTS (SELECT 1 FROM whatsapp_outbox e
                              WHERE e.message_id = o.message_id AND e.part < o.part AND e.status = 'pending')
            ORDER BY o.id LIMIT #{limit} FOR UPDATE OF o SKIP LOCKED""")
    List<OutboxEntry> claimDue(@Param("limit") int limit);

    @Update("UPDATE whatsapp_outbox SET status = 'sent', attempts = attempts + 1, external_id = #{externalId}, updated_at = now() WHERE id = #{id}")
    int markSent(@Param("id") long id, @Param("externalId") String externalId);

    @Update("""
            UPDATE whatsapp_outbox SET attempts = attempts + 1, last_error = #{error}, updated_at = now(),
                   next_attempt_at = now() + make_interval(secs => #{delaySeconds})
            WHERE id = #{id}""")
    int retryLater(@Param("id") long id, @Param("error") String error, @Param("delaySeconds") double delaySeconds);

    @Update("UPDATE whatsapp_outbox SET status = 'failed', attempts = attempts + 1, last_error = #{error}, updated_at = now() WHERE id = #{id}")
    int markFailed(@Param("id") long id, @Param("error") String error);

    @Select("SELECT count(*) FROM whatsapp_outbox WHERE status = 'pending'")
    long backlog();
}
