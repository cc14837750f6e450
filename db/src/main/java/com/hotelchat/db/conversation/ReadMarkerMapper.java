package com.hotelchat.db.conversation;

import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Update;

public interface ReadMarkerMapper {

    /** Moves the marker to the conversation's last message; never backwards. */
    @Update("""
            INSERT INTO read_markers (user_id, conversation_id, last_read_message_id)
            SELECT #{userId}, c.id, c.last_message_id FROM conversations c
            WHERE c.id = #{conversationId} AND c.last_message_id IS NOT NULL
            ON CONFLICT (user_id, conversation_id) DO UPDATE
                SET last_read_message_id = GREATEST(read_markers.last_read_message_id, EXCLUDED.last_read_message_id),
                    updated_at = now()""")
    int markAllRead(@Param("userId") long userId, @Param("conversationId") long conversationId);
}
