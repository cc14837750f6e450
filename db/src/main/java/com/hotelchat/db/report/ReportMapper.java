package com.hotelchat.db.report;

import com.hotelchat.db.desk.DepartmentSettings;
import java.time.Instant;
import java.util.List;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

/**
 * The desk report in one set-based statement. What it measures, for the departments given and the period
 * {@code [from, to)}, over the conversations with a message in the period (found by their last activity, an existing
 * index), each read once:
 * <ul>
 * <li>Of those opened in the period (the cohort): the <b>first response</b>, from the guest's first message to the
 * first staff message after it that the guest sees (not a private note, not a timeline entry, not one WhatsApp reported
 * failed), attributed to its sender (two index look-ups per conversation); the <b>resolution</b>, from the opening to
 * the first closing (the timeline's {@code closed} entry, V16), attributed to who closed it.</li>
 * <li>Replies sent in the period per sender, and the guest's <b>waits</b> as the desk counts them for its waiting
 * alert ({@code waiting_since}): a wait begins with a guest's message when none is going on and ends with the next
 * staff message the guest sees or the closing; notes and other entries change nothing. A conversation counts once if a
 * wait that began in the period lasted (or, still going, has lasted until now) at least its department's
 * {@code waiting_alert_seconds}. Each conversation's messages are read backwards in one sorted pass.</li>
 * </ul>
 * Each conversation belongs to the department it is in now. Department totals and agents' shares come from one
 * {@code GROUPING SETS}; medians and 90th percentiles are {@code percentile_cont} (linear interpolation).
 */
public interface ReportMapper {

    @Select("""
            WITH scope AS (
                SELECT d.id, d.waiting_alert_seconds FROM departments d
                WHERE d.id = ANY (#{departmentIds, typeHandler=org.apache.ibatis.type.ArrayTypeHandler})
            ), touched AS NOT MATERIALIZED (
                -- conversations with a message in the period: it moved last_message_at to at least its time (timeline
                -- entries do not move it; the closing they are needed for follows a message). Those opened in the
                -- period are among them: their last message is never older than they are. Inlined where it is used,
                -- so that the planner knows its ids are unique (a materialized one has no statistics: taken for 200
                -- distinct ids, it was joined by hashing every message instead of these conversations).
                SELECT c.id, c.department_id, c.created_at, s.waiting_alert_seconds,
                       c.created_at >= #{from} AS opened
                FROM conversations c JOIN scope s ON s.id = c.department_id
                WHERE c.department_id = ANY (#{departmentIds, typeHandler=org.apache.ibatis.type.ArrayTypeHandler})
                  AND c.status IN ('active', 'pending', 'snoozed', 'closed')
                  AND COALESCE(c.last_message_at, c.created_at) >= #{from} AND c.created_at < #{to}
            ), first_reply AS (
                SELECT t.department_id, r.sender_id, extract(epoch FROM r.created_at - g.created_at)::float8 AS seconds
                FROM touched t
                CROSS JOIN LATERAL (SELECT m.id, m.created_at FROM messages m
                                    WHERE m.conversation_id = t.id AND m.sender_type = 'guest'
                                    ORDER BY m.id LIMIT 1) g
                CROSS JOIN LATERAL (SELECT m.sender_id, m.created_at FROM messages m
                                    WHERE m.conversation_id = t.id AND m.id > g.id AND m.sender_type = 'staff'
                                      AND NOT m.private AND m.delivery_status IS DISTINCT FROM 'failed'
                                    ORDER BY m.id LIMIT 1) r
                WHERE t.opened
            ), events AS (
                -- what starts and ends waits: the guest's messages, staff messages the guest sees, closings
                SELECT t.department_id, t.waiting_alert_seconds, t.opened, t.created_at AS opened_at, m.conversation_id,
                       m.id, m.created_at, m.sender_id, m.sender_type = 'guest' AS guest,
                       m.sender_type = 'staff' AND m.activity IS NULL AS reply, m.activity IS NOT NULL AS closing
                FROM touched t JOIN messages m ON m.conversation_id = t.id
                WHERE NOT m.private OR m.activity ->> 'kind' = 'closed'
            ), first_close AS (
                SELECT DISTINCT ON (conversation_id) department_id, sender_id,
                       extract(epoch FROM created_at - opened_at)::float8 AS seconds
                FROM events WHERE closing AND opened
                ORDER BY conversation_id, id
            ), sent AS (
                SELECT department_id, sender_id, count(*) AS messages FROM events
                WHERE reply AND created_at >= #{from} AND created_at < #{to}
                GROUP BY department_id, sender_id
            ), waits AS (
                -- each conversation read backwards in one pass: a guest's message starts a wait unless the one
                -- before it was the guest's too; the wait ends with the first reply or closing after it
                SELECT department_id, conversation_id, waiting_alert_seconds, guest, created_at,
                       lead(guest) OVER later AS after_guest,
                       min(created_at) FILTER (WHERE NOT guest)
                           OVER (later ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS ended
                FROM events
                WINDOW later AS (PARTITION BY conversation_id ORDER BY id DESC)
            ), waited AS (
                SELECT DISTINCT department_id, conversation_id FROM waits
                WHERE guest AND after_guest IS NOT TRUE AND created_at >= #{from} AND created_at < #{to}
                  AND COALESCE(ended, now()) - created_at >= make_interval(secs => waiting_alert_seconds)
            ), facts AS (
                SELECT department_id, NULL::bigint AS agent_id, 1 AS opened, NULL::float8 AS first_response,
                       NULL::float8 AS resolution, 0::bigint AS sent, 0 AS waited
                FROM touched WHERE opened
                UNION ALL SELECT department_id, sender_id, 0, seconds, NULL, 0, 0 FROM first_reply
                UNION ALL SELECT department_id, sender_id, 0, NULL, seconds, 0, 0 FROM first_close
                UNION ALL SELECT department_id, sender_id, 0, NULL, NULL, messages, 0 FROM sent
                UNION ALL SELECT department_id, NULL, 0, NULL, NULL, 0, 1 FROM waited
            )
            SELECT f.department_id, f.agent_id, u.name AS agent_name, f.conversations_opened, f.first_responses,
                   f.first_response_median, f.first_response_p90, f.resolved, f.resolution_median, f.resolution_p90,
                   f.messages_sent, f.waited_past_threshold
            FROM (SELECT department_id, agent_id, GROUPING(agent_id) AS total,
                         sum(opened)::bigint AS conversations_opened,
                         count(first_response) AS first_responses,
                         percentile_cont(0.5) WITHIN GROUP (ORDER BY first_response) AS first_response_median,
                         percentile_cont(0.9) WITHIN GROUP (ORDER BY first_response) AS first_response_p90,
                         count(resolution) AS resolved,
                         percentile_cont(0.5) WITHIN GROUP (ORDER BY resolution) AS resolution_median,
                         percentile_cont(0.9) WITHIN GROUP (ORDER BY resolution) AS resolution_p90,
                         sum(sent)::bigint AS messages_sent, sum(waited)::bigint AS waited_past_threshold
                  FROM facts
                  GROUP BY GROUPING SETS ((department_id), (department_id, agent_id))) f
              LEFT JOIN staff_users u ON u.id = f.agent_id
            WHERE f.total = 1 OR f.agent_id IS NOT NULL
            ORDER BY f.department_id, f.total DESC, u.name, f.agent_id""")
    List<ReportRow> rows(@Param("departmentIds") Long[] departmentIds, @Param("from") Instant from,
                         @Param("to") Instant to);

    /** These departments (by name), with the waiting alert's threshold a report measures waits against; by name. */
    @Select("""
            SELECT id, name, auto_assign, auto_assign_cap, waiting_alert_seconds FROM departments
            WHERE name = ANY (#{names, typeHandler=org.apache.ibatis.type.ArrayTypeHandler}) ORDER BY name""")
    List<DepartmentSettings> departments(@Param("names") String[] names);

    /**
     * Bounds for the rest of the caller's transaction: the report gives up after {@code timeoutMs} (below the pool's
     * socket timeout) and uses no parallel workers, so it takes one backend's CPU away from the live path, not all;
     * its sorts get 64 MB each before they spill to disk; no JIT, whose compiling cost a second at every size on the
     * benchmark (the estimates of the lateral look-ups are far above what they cost).
     */
    @Select("SELECT set_config('statement_timeout', #{timeoutMs}, true), "
            + "set_config('max_parallel_workers_per_gather', '0', true), set_config('work_mem', '64MB', true), "
            + "set_config('jit', 'off', true)")
    String bound(@Param("timeoutMs") String timeoutMs);
}
