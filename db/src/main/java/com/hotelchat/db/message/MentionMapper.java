package com.hotelchat.db.message;

import java.util.Collection;
import java.util.List;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** Mentions of staff members in private notes, and whether they have seen them. */
public interface MentionMapper {

    /** Records the mentions of those usernames who are active staff of the department (never the author). */
    @Select("""
            <script>
            INSERT INTO mentions (message_id, user_id, conversation_id)
            SELECT #{messageId}, u.id, #{conversationId}
            FROM staff_users u JOIN staff_departments sd ON sd.user_id = u.id AND sd.department_id = #{departmentId}
            WHERE u.active AND u.user_type = 'department_staff' AND u.id &lt;&gt; #{authorId}
              AND u.username IN <foreach item="n" collection="usernames" open="(" separator="," close=")">#{n}</foreach>
            RETURNING user_id
            </script>""")
    List<Long> insert(@Param("messageId") long messageId, @Param("conversationId") long conversationId,
                      @Param("departmentId") long departmentId, @Param("authorId") long authorId,
                      @Param("usernames") Collection<String> usernames);

    @Update("UPDATE mentions SET read_at = now() WHERE user_id = #{userId} AND conversation_id = #{conversationId} "
            + "AND read_at IS NULL")
    int markRead(@Param("userId") long userId, @Param("conversationId") long conversationId);
}
