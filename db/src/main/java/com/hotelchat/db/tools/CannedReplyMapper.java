package com.hotelchat.db.tools;

import java.util.Collection;
import java.util.List;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

public interface CannedReplyMapper {

    String COLUMNS = "r.id, d.name AS department, r.owner_id, r.code, r.text";
    String FROM = " FROM canned_replies r LEFT JOIN departments d ON d.id = r.department_id ";

    /** The user's own replies and those of these departments, by code. */
    @Select("<script>SELECT " + COLUMNS + FROM + """
            WHERE r.owner_id = #{userId}
            <if test="!departments.isEmpty()">
              OR d.name IN <foreach item="n" collection="departments" open="(" separator="," close=")">#{n}</foreach>
            </if>
            ORDER BY r.code, r.owner_id NULLS LAST</script>""")
    List<CannedReply> visible(@Param("userId") long userId, @Param("departments") Collection<String> departments);

    @Select("SELECT " + COLUMNS + FROM + "WHERE r.id = #{id}")
    CannedReply find(@Param("id") long id);

    /** Null when the code is taken in that department (or among the owner's own). */
    @Select("""
            INSERT INTO canned_replies (department_id, owner_id, code, text, created_by)
            SELECT (SELECT id FROM departments WHERE name = #{department}), #{ownerId}, #{code}, #{text}, #{createdBy}
            ON CONFLICT DO NOTHING RETURNING id""")
    Long insert(@Param("department") String department, @Param("ownerId") Long ownerId, @Param("code") String code,
                @Param("text") String text, @Param("createdBy") long createdBy);

    @Select("UPDATE canned_replies SET code = #{code}, text = #{text}, updated_at = now() WHERE id = #{id} RETURNING id")
    Long update(@Param("id") long id, @Param("code") String code, @Param("text") String text);

    @Delete("DELETE FROM canned_replies WHERE id = #{id}")
    int delete(@Param("id") long id);

    /** The user's own reply with that code, else the department's. */
    @Select("SELECT " + COLUMNS + FROM + """
            WHERE r.code = #{code} AND (r.owner_id = #{userId} OR d.name = #{department})
            ORDER BY r.owner_id NULLS LAST LIMIT 1""")
    CannedReply byCode(@Param("code") String code, @Param("userId") long userId, @Param("department") String department);
}
