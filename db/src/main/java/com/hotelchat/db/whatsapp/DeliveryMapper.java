package com.hotelchat.db.whatsapp;

import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

public interface DeliveryMapper {

    @Select("SELECT count(*) > 0 FROM whatsapp_outbox WHERE external_id = #{externalId}")
    boolean known(@Param("externalId") String externalId);

    @Update("UPDATE messages SET delivery_status = #{status} WHERE id = #{messageId}")
    int set(@Param("messageId") long messageId, @Param("status") String status);

    /**
     * Moves the delivery state of our message with that WhatsApp id forward only (callbacks arrive out of
     * order); returns what changed, or null when nothing did.
     */
    @Select("""
            UPDATE messages m SET delivery_status = #{status}, delivery_error = #{error}
            FROM whatsapp_outbox o
            WHERE o.external_id = #{externalId} AND m.id = o.message_id
              AND """ + " (CASE #{status} WHEN 'pending' THEN 0 WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2 WHEN 'read' THEN 3 WHEN 'failed' THEN 4 ELSE -1 END)"
            + " > (CASE COALESCE(m.delivery_status, 'pending') WHEN 'pending' THEN 0 WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2 WHEN 'read' THEN 3 WHEN 'failed' THEN 4 ELSE -1 END)"
            + " RETURNING m.id AS message_id, m.conversation_id")
    DeliveryChange advance(@Param("externalId") String externalId, @Param("status") String status, @Param("error") String error);
}
