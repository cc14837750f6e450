package com.hotelchat.db.tools;

import java.util.Collection;
import java.util.List;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

public interface LabelMapper {

    @Select("SELECT id, name, color FROM labels ORDER BY name")
    List<Label> all();

    @Select("SELECT id, name, color FROM labels WHERE id = #{id}")
    Label find(@Param("id") long id);

    @Select("INSERT INTO labels (name, color) VALUES (#{name}, #{color}) ON CONFLICT (name) DO NOTHING RETURNING id, name, color")
    Label insert(@Param("name") String name, @Param("color") String color);

    @Select("UPDATE labels SET name = #{name}, color = #{color} WHERE id = #{id} RETURNING id, name, color")
    Label update(@Param("id") long id, @Param("name") String name, @Param("color") String color);

    @Delete("DELETE FROM labels WHERE id = #{id}")
    int delete(@Param("id") long id);

    @Select("INSERT INTO conversation_labels (conversation_id, label_id) VALUES (#{conversationId}, #{labelId}) "
            + "ON CONFLICT DO NOTHING RETURNING label_id")
    Long attach(@Param("conversationId") long conversationId, @Param("labelId") long labelId);

    @Delete("DELETE FROM conversation_labels WHERE conversation_id = #{conversationId} AND label_id = #{labelId}")
    int detach(@Param("conversationId") long conversationId, @Param("labelId") long labelId);

    @Select("""
            SELECT l.id, l.name, l.color FROM conversation_labels cl JOIN labels l ON l.id = cl.label_id
            WHERE cl.conversation_id = #{conversationId} ORDER BY l.name""")
    List<Label> ofConversation(@Param("conversationId") long conversationId);

    record Attached(long conversationId, long id, String name, String color) {}

    @Select("""
            <script>
            SELECT cl.conversation_id, l.id, l.name, l.color FROM conversation_labels cl JOIN labels l ON l.id = cl.label_id
            WHERE cl.conversation_id IN <foreach item="c" collection="ids" open="(" separator="," close=")">#{c}</foreach>
            ORDER BY l.name
            </script>""")
    List<Attached> ofConversations(@Param("ids") Collection<Long> ids);
}
