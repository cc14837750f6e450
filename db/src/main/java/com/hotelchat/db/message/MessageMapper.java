package com.hotelchat.db.message;

import com.hotelchat.domain.StoredMessage;
import java.util.List;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

public interface MessageMapper {

    String COLUMNS = "id, conversation_id, sender_type, sender_id, sender_name, content, created_at, client_message_id";

    /** Null when the sender already used this client_message_id: the unique index decides, not a prior read. */
    @Select("""
            INSERT INTO messages (conversation_id, sender_type, sender_id, sender_name, content, client_message_id, external_id)
            VALUES (#{conversationId}, #{senderType}, #{senderId}, #{senderName}, #{content}, #{clientMessageId}, #{externalId})
            ON CONFLICT DO NOTHING
            RETURNING\s""" + COLUMNS)
    StoredMessage insert(@Param("conversationId") long conversationId, @Param("senderType") String senderType,
                         @Param("senderId") Long senderId, @Param("senderName") String senderName,
                         @Param("content") String content, @Param("clientMessageId") String clientMessageId,
                         @Param("externalId") String externalId);

    @Select("""
            SELECT\s""" + COLUMNS + """
             FROM messages
            WHERE sender_type = #{senderType} AND sender_id = #{senderId} AND client_message_id = #{clientMessageId}""")
    StoredMessage findByClientMessageId(@Param("senderType") String senderType, @Param("senderId") Long senderId,
                                        @Param("clientMessageId") String clientMessageId);

    @Select("SELECT " + COLUMNS + " FROM messages WHERE external_id = #{externalId}")
    StoredMessage findByExternalId(@Param("externalId") String externalId);

    /** Newest first, strictly before {@code beforeId}. */
    @Select("""
            SELECT\s""" + COLUMNS + """
             FROM messages WHERE conversation_id = #{conversationId} AND id < #{beforeId}
            ORDER BY id DESC LIMIT #{limit}""")
    List<StoredMessage> before(@Param("conversationId") long conversationId, @Param("beforeId") long beforeId,
                               @Param("limit") int limit);

    /** Oldest first, in {@code (afterId, upToId]}. */
    @Select("""
            SELECT\s""" + COLUMNS + """
             FROM messages WHERE conversation_id = #{conversationId} AND id > #{afterId} AND id <= #{upToId}
            ORDER BY id LIMIT #{limit}""")
    List<StoredMessage> between(@Param("conversationId") long conversationId, @Param("afterId") long afterId,
                                @Param("upToId") long upToId, @Param("limit") int limit);
}
