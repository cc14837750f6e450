package com.hotelchat.db.message;

import com.hotelchat.domain.StoredMessage;
import java.util.List;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

public interface MessageMapper {

    String COLUMNS = "id, conversation_id, sender_type, sender_id, sender_name, content, created_at, client_message_id, "
            + "private AS private_note, media, activity";

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

    /** Newest first: up to {@code half} messages at or before {@code aroundId} and up to {@code half} after it. */
    @Select("""
            (SELECT\s""" + COLUMNS + """
              FROM messages WHERE conversation_id = #{conversationId} AND id <= #{aroundId} ORDER BY id DESC LIMIT #{half})
            UNION ALL
            (SELECT\s""" + COLUMNS + """
              FROM messages WHERE conversation_id = #{conversationId} AND id > #{aroundId} ORDER BY id LIMIT #{half})
            ORDER BY id DESC""")
    List<StoredMessage> around(@Param("conversationId") long conversationId, @Param("aroundId") long aroundId,
                               @Param("half") int half);

    /** Oldest first, in {@code (afterId, upToId]}. */
    @Select("""
            SELECT\s""" + COLUMNS + """
             FROM messages WHERE conversation_id = #{conversationId} AND id > #{afterId} AND id <= #{upToId}
            ORDER BY id LIMIT #{limit}""")
    List<StoredMessage> between(@Param("conversationId") long conversationId, @Param("afterId") long afterId,
                                @Param("upToId") long upToId, @Param("limit") int limit);

    /** The conversation's latest message the guest sees (no private note), or null: what its department is told of. */
    @Select("SELECT " + COLUMNS + " FROM messages WHERE conversation_id = #{conversationId} AND NOT private "
            + "ORDER BY id DESC LIMIT 1")
    StoredMessage latestPublic(@Param("conversationId") long conversationId);
}
