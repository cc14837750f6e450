package com.hotelchat.db.tools;

import java.util.List;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

/**
 * Full-text search ({@code simple} configuration: no stemming, guests write in every language) through the GIN
 * indexes of V7, always within the caller's departments; the timeline's activity entries are no hits (what they say
 * is the desk's, not the conversation's). {@code tsquery} is a {@link SearchQuery}'s: quoted lexemes
 * only, so {@code to_tsquery} reads nothing in it as an operator and never fails on it.
 */
public interface SearchMapper {

    @Select("""
            <script>
            SELECT m.id AS message_id, m.conversation_id, d.name AS department, g.name AS guest_name, m.sender_name,
                   m.private AS private_note, m.created_at,
                   ts_headline('simple', m.content, q, 'StartSel=«,StopSel=»,MaxWords=24,MinWords=8,MaxFragments=2') AS snippet
            FROM to_tsquery('simple', #{tsquery}) q, messages m
              JOIN conversations c ON c.id = m.conversation_id
              JOIN departments d ON d.id = c.department_id
              JOIN guests g ON g.id = c.guest_id
            WHERE m.search_vector @@ q AND m.activity IS NULL
              AND c.department_id IN (SELECT department_id FROM staff_departments WHERE user_id = #{userId})
              <if test="beforeId != null"> AND m.id &lt; #{beforeId} </if>
            ORDER BY m.id DESC
            LIMIT #{limit}
            </script>""")
    List<SearchHit> messages(@Param("userId") long userId, @Param("tsquery") String tsquery,
                             @Param("beforeId") Long beforeId, @Param("limit") int limit);

    @Select("""
            SELECT c.id AS conversation_id, d.name AS department, c.status, g.id AS guest_id, g.name AS guest_name,
                   g.room_number, g.whatsapp_number
            FROM to_tsquery('simple', #{tsquery}) q, guests g
              JOIN conversations c ON c.guest_id = g.id
              JOIN departments d ON d.id = c.department_id
            WHERE to_tsvector('simple', g.name || ' ' || COALESCE(g.room_number, '') || ' ' || g.whatsapp_number
                              || ' ' || substr(g.whatsapp_number, 2)) @@ q
              AND c.department_id IN (SELECT department_id FROM staff_departments WHERE user_id = #{userId})
            ORDER BY c.id DESC
            LIMIT #{limit}""")
    List<GuestHit> guests(@Param("userId") long userId, @Param("tsquery") String tsquery, @Param("limit") int limit);
}
