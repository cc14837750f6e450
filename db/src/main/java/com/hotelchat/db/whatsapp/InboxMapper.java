package com.hotelchat.db.whatsapp;

import java.util.List;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

public interface InboxMapper {

    @Select("INSERT INTO whatsapp_inbox (payload) VALUES (#{payload}) RETURNING id")
    long insert(@Param("payload") String payload);

    /** Unprocessed webhooks due now, oldest first. */
    String DUE = """
            SELECT id, payload, attempts FROM whatsapp_inbox
            WHERE processed_at IS NULL AND attempts < 10 AND next_attempt_at <= now()
            ORDER BY id LIMIT #{limit}""";

    /** Claims unprocessed webhooks; rows another node holds are skipped, not waited for. */
    @Select(DUE + " FOR UPDATE SKIP LOCKED")
    List<InboxEntry> claim(@Param("limit") int limit);

    /** What {@link #claim} would take next, without locking anything: for work done before the claim (fetching files). */
    @Select(DUE)
    List<InboxEntry> due(@Param("limit") int limit);

    @Update("UPDATE whatsapp_inbox SET processed_at = now(), attempts = attempts + 1 WHERE id = #{id}")
    int markProcessed(@Param("id") long id);

    /** Tries again after 1, 2, 3... seconds. */
    @Update("""
            UPDATE whatsapp_inbox SET attempts = attempts + 1, last_error = #{error},
                   next_attempt_at = now() + make_interval(secs => attempts + 1)
            WHERE id = #{id}""")
    int markFailed(@Param("id") long id, @Param("error") String error);
}
