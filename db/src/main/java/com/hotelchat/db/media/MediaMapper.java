package com.hotelchat.db.media;

import java.time.Instant;
import java.util.List;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

public interface MediaMapper {

    String COLUMNS = "id, type, content_type, size_bytes, file_name, sha256, storage, uploaded_by_type, uploaded_by_id, "
            + "message_id, conversation_id, created_at, whatsapp_media_id";

    @Insert("""
            INSERT INTO media (id, type, content_type, size_bytes, file_name, sha256, storage, uploaded_by_type,
                               uploaded_by_id, whatsapp_media_id)
            VALUES (#{id}, #{type}, #{contentType}, #{sizeBytes}, #{fileName}, #{sha256}, #{storage}, #{uploadedByType},
                    #{uploadedById}, #{whatsappMediaId})""")
    int insert(MediaRecord media);

    @Select("SELECT " + COLUMNS + " FROM media WHERE id = #{id}")
    MediaRecord find(@Param("id") String id);

    @Select("SELECT " + COLUMNS + " FROM media WHERE whatsapp_media_id = #{whatsappMediaId}")
    MediaRecord findByWhatsAppMediaId(@Param("whatsappMediaId") String whatsappMediaId);

    /** Whether the file is on a private note (staff only). */
    @Select("SELECT EXISTS (SELECT 1 FROM media f JOIN messages m ON m.id = f.message_id WHERE f.id = #{id} AND m.private)")
    boolean onPrivateNote(@Param("id") String id);

    /** The uploads of this uploader not used by any message yet, locked for this transaction. */
    @Select("""
            <script>
            SELECT\s""" + COLUMNS + """
             FROM media WHERE uploaded_by_type = #{byType} AND uploaded_by_id = #{byId} AND message_id IS NULL
              AND id IN <foreach item='id' collection='ids' open='(' separator=',' close=')'>#{id}</foreach>
            ORDER BY id FOR UPDATE
            </script>""")
    List<MediaRecord> lockUnused(@Param("ids") List<String> ids, @Param("byType") String byType, @Param("byId") long byId);

    @Update("""
            <script>
            UPDATE media SET message_id = #{messageId}, conversation_id = #{conversationId}
            WHERE id IN <foreach item='id' collection='ids' open='(' separator=',' close=')'>#{id}</foreach>
            </script>""")
    int attach(@Param("ids") List<String> ids, @Param("messageId") long messageId,
               @Param("conversationId") long conversationId);

    /** Uploads no message used, older than {@code before}; locked, skipping those another node is removing. */
    @Select("SELECT " + COLUMNS + " FROM media WHERE message_id IS NULL AND created_at < #{before} "
            + "ORDER BY created_at LIMIT #{limit} FOR UPDATE SKIP LOCKED")
    List<MediaRecord> lockUnusedBefore(@Param("before") Instant before, @Param("limit") int limit);

    @Update("DELETE FROM media WHERE id = #{id} AND message_id IS NULL")
    int deleteUnused(@Param("id") String id);
}
