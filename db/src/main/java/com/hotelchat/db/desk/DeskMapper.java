package com.hotelchat.db.desk;

import com.hotelchat.db.conversation.ConversationMapper;
import com.hotelchat.domain.Conversation;
import java.time.Instant;
import java.util.List;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** The queue's statements: assignment, status, transfer, the timers and the departments' queue settings. */
public interface DeskMapper {

    /** Whether the user is an active department staff member of the department. */
    @Select("""
            SELECT EXISTS (SELECT 1 FROM staff_departments sd JOIN staff_users u ON u.id = sd.user_id
                           WHERE sd.department_id = #{departmentId} AND sd.user_id = #{userId}
                             AND u.active AND u.user_type = 'department_staff')""")
    boolean isAssignable(@Param("departmentId") long departmentId, @Param("userId") long userId);

    @Update("UPDATE conversations SET assignee_id = #{assigneeId}, updated_at = clock_timestamp() WHERE id = #{id}")
    void setAssignee(@Param("id") long id, @Param("assigneeId") Long assigneeId);

    @Update("""
            UPDATE conversations SET status = #{status}, snoozed_until = #{snoozedUntil}, updated_at = clock_timestamp()
            WHERE id = #{id}""")
    void setStatus(@Param("id") long id, @Param("status") String status, @Param("snoozedUntil") Instant snoozedUntil);

    @Update("""
            UPDATE conversations SET department_id = #{departmentId}, assignee_id = #{assigneeId},
                   updated_at = clock_timestamp()
            WHERE id = #{id}""")
    void move(@Param("id") long id, @Param("departmentId") long departmentId, @Param("assigneeId") Long assigneeId);

    @Insert("""
            INSERT INTO conversation_transfers (conversation_id, from_department_id, to_department_id, by_user_id, note,
                                                version)
            SELECT #{conversationId}, #{from}, #{to}, #{by}, #{note}, version FROM conversations WHERE id = #{conversationId}""")
    void recordTransfer(@Param("conversationId") long conversationId, @Param("from") long from, @Param("to") long to,
                        @Param("by") Long by, @Param("note") String note);

    /** Snoozes that ran out, turned back to active; each row is returned to exactly one caller in the cluster. */
    @Select("""
            UPDATE conversations SET status = 'active', snoozed_until = NULL, updated_at = clock_timestamp()
            WHERE id IN (SELECT id FROM conversations WHERE status = 'snoozed' AND snoozed_until <= clock_timestamp()
                         ORDER BY snoozed_until LIMIT #{limit} FOR UPDATE SKIP LOCKED)
            RETURNING id""")
    List<Long> wakeSnoozed(@Param("limit") int limit);

    /**
     * Waits that crossed their department's threshold, marked alerted; each row is returned to exactly one caller.
     * Only active conversations alert: a pending or snoozed one is waiting on purpose.
     */
    @Select("""
            UPDATE conversations SET waiting_alerted = TRUE
            WHERE id IN (SELECT c.id FROM conversations c JOIN departments d ON d.id = c.department_id
                         WHERE c.waiting_since IS NOT NULL AND NOT c.waiting_alerted AND c.status = 'active'
                           AND c.waiting_since <= clock_timestamp() - make_interval(secs => d.waiting_alert_seconds)
                         ORDER BY c.waiting_since LIMIT #{limit} FOR UPDATE OF c SKIP LOCKED)
            RETURNING id""")
    List<Long> raiseWaitingAlerts(@Param("limit") int limit);

    /**
     * Locks the department row against other auto-assignments in the department (they are serialized by it). NO KEY
     * UPDATE, not UPDATE: the foreign-key checks of appends (KEY SHARE on this row) must not queue behind it, or an
     * append holding a conversation this assignment waits for would close a deadlock.
     */
    @Select("""
            SELECT id, name, auto_assign, auto_assign_cap, waiting_alert_seconds FROM departments
            WHERE id = #{id} FOR NO KEY UPDATE""")
    DepartmentSettings lockSettings(@Param("id") long id);

    @Select("SELECT id, name, auto_assign, auto_assign_cap, waiting_alert_seconds FROM departments WHERE name = #{name}")
    DepartmentSettings settings(@Param("name") String name);

    @Select("""
            UPDATE departments SET auto_assign = #{autoAssign}, auto_assign_cap = #{autoAssignCap},
                   waiting_alert_seconds = #{waitingAlertSeconds}
            WHERE name = #{name} RETURNING id, name, auto_assign, auto_assign_cap, waiting_alert_seconds""")
    DepartmentSettings updateSettings(DepartmentSettings settings);

    /**
     * The member to auto-assign to: among {@code candidates} (online), active department staff of the department
     * below the cap of open (not closed) assigned conversations; fewest first, then the one auto-assigned longest
     * ago (round-robin), then the lowest id.
     */
    @Select("""
            <script>
            SELECT sd.user_id FROM staff_departments sd JOIN staff_users u ON u.id = sd.user_id
              CROSS JOIN LATERAL (SELECT count(*) AS open FROM conversations x
                                  WHERE x.assignee_id = sd.user_id AND x.status &lt;&gt; 'closed') load
            WHERE sd.department_id = #{departmentId} AND u.active AND u.user_type = 'department_staff'
              AND sd.user_id IN <foreach item="id" collection="candidates" open="(" separator="," close=")">#{id}</foreach>
              AND load.open &lt; #{cap}
            ORDER BY load.open, sd.last_auto_assigned_at NULLS FIRST, sd.user_id
            LIMIT 1
            </script>""")
    Long pickAssignee(@Param("departmentId") long departmentId, @Param("candidates") java.util.Collection<Long> candidates,
                      @Param("cap") int cap);

    @Update("""
            UPDATE staff_departments SET last_auto_assigned_at = clock_timestamp()
            WHERE user_id = #{userId} AND department_id = #{departmentId}""")
    void markAutoAssigned(@Param("userId") long userId, @Param("departmentId") long departmentId);

    @Select("SELECT id FROM conversations WHERE id = #{id} AND assignee_id IS NULL AND status <> 'closed' FOR UPDATE")
    Long lockUnassigned(@Param("id") long id);

    /** Transfers into or out of these departments at or after {@code since}, oldest first. */
    @Select("""
            <script>
            SELECT t.conversation_id, f.name AS from_department, d.name AS to_department, t.note, t.by_user_id,
                   u.name AS by_user_name, t.created_at, t.version
            FROM conversation_transfers t JOIN departments f ON f.id = t.from_department_id
              JOIN departments d ON d.id = t.to_department_id LEFT JOIN staff_users u ON u.id = t.by_user_id
            WHERE t.created_at &gt;= #{since}
              AND (f.name IN <foreach item="n" collection="departments" open="(" separator="," close=")">#{n}</foreach>
                   OR d.name IN <foreach item="n" collection="departments" open="(" separator="," close=")">#{n}</foreach>)
            ORDER BY t.id LIMIT #{limit}
            </script>""")
    List<Transfer> transfersSince(@Param("departments") java.util.Collection<String> departments,
                                  @Param("since") Instant since, @Param("limit") int limit);

    /** The department's active staff members (who could be assigned). */
    @Select("""
            SELECT sd.user_id FROM staff_departments sd JOIN staff_users u ON u.id = sd.user_id
            WHERE sd.department_id = #{departmentId} AND u.active AND u.user_type = 'department_staff'""")
    List<Long> memberIds(@Param("departmentId") long departmentId);
}
