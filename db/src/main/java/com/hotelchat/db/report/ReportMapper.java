package com.hotelchat.db.report;

import com.hotelchat.db.desk.DepartmentSettings;
import java.time.Instant;
import java.util.List;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

/**
 * The desk report in one set-based statement. What it measures, for the departments given and the period
 * {@code [from, to)}:
 * <ul>
 * <li>Conversations opened in the period (the cohort; V19's index). Of those: the <b>first response</b>, from the
 * guest's first message to the first staff message after it that the guest sees (not a private note, not a timeline
 * entry, not one WhatsApp reported failed), attributed to its sender; the <b>resolution</b>, from the opening to the
 * first closing (the timeline's {@code closed} entry, V16), attributed to who closed it.</li>
 * <li>Conversations with a message in the period (by their last activity, an existing index), whose messages are read
 * in id order: replies sent in the period per sender, and the guest's <b>waits</b> as the desk counts them for its
 * waiting alert ({@code waiting_since}): a wait begins with a guest's message when none is going on and ends with the
 * next staff message the guest sees or the closing; notes and other entries change nothing. A conversation counts once
 * if a wait that began in the period lasted (or, still going, has lasted until now) at least its department's
 * {@code waiting_alert_seconds}.</li>
 * </ul>
 * Each conversation belongs to the department it is in now. Department totals and agents' shares come from one
 * {@code GROUPING SETS}; medians and 90th percentiles are {@code percentile_cont} (linear interpolation).
 */
public interface ReportMapper {

    @Select("""
            WITH scope AS (
                SELECT d.id, d.waiting_alert_seconds FROM departments d
                WHERE d.id = ANY (#{departmentIds, typeHandler=org.apache.ibatis.type.ArrayTypeHandler})
            ), opened AS (
                SELECT c.id, c.department_id, c.created_at FROM conversations c
                WHERE c.department_id = ANY (#{departmentIds, typeHandler=org.apache.ibatis.type.ArrayTypeHandler})
                  AND c.created_at >= #{from} AND c.created_at < #{to}
            ), first_reply AS (
                SELECT o.department_id, r.sender_id, extract(epoch FROM r.created_at - g.created_at)::float8 AS seconds
                FROM opened o
                CROSS JOIN LATERAL (SELECT m.id, m.created_at FROM messages m
                                    WHERE m.conversation_id = o.id AND m.sender_type = 'guest'
                                    ORDER BY m.id LIMIT 1) g
                CROSS JOIN LATERAL (SELECT m.sender_id, m.created_at FROM messages m
                                    WHERE m.conversation_id = o.id AND m.id > g.id AND m.sender_type = 'staff'
                                      AND NOT m.private AND m.delivery_status IS DISTINCT FROM 'failed'
                                    ORDER BY m.id LIMIT 1) r
            ), first_close AS (
                SELECT o.department_id, x.sender_id, extract(epoch FROM x.created_at - o.created_at)::float8 AS seconds
                FROM opened o
                CROSS JOIN LATERAL (SELECT m.sender_id, m.created_at FROM messages m
                                    WHERE m.conversation_id = o.id AND m.activity ->> 'kind' = 'closed'
                                    ORDER BY m.id LIMIT 1) x
            ), touched AS (
                -- a message in the period moved last_message_at to at least its time (timeline entries do not move
                -- it, and are not needed here but for the closing, which can only follow a message)
                SELECT c.id, c.department_id FROM conversations c
                WHERE c.department_id = ANY (#{departmentIds, typeHandler=org.apache.ibatis.type.ArrayTypeHandler})
                  AND c.status IN ('active', 'pending', 'snoozed', 'closed')
                  AND COALESCE(c.last_message_at, c.created_at) >= #{from} AND c.created_at < #{to}
            ), events AS (
                SELECT t.department_id, m.conversation_id, m.id, m.created_at, m.sender_id,
                       CASE WHEN m.sender_type = 'guest' THEN 'guest'
                            WHEN m.activity IS NULL THEN 'reply' ELSE 'closed' END AS kind
                FROM touched t JOIN messages m ON m.conversation_id = t.id
                WHERE NOT m.private OR m.activity ->> 'kind' = 'closed'
            ), sent AS (
                SELECT department_id, sender_id, count(*) AS messages FROM events
                WHERE kind = 'reply' AND created_at >= #{from} AND created_at < #{to}
                GROUP BY department_id, sender_id
            ), runs AS (
                -- each reply or closing starts a run; the guest's messages in a run are one wait
                SELECT department_id, conversation_id, run,
                       min(created_at) FILTER (WHERE kind = 'guest') AS wait_started,
                       min(created_at) FILTER (WHERE kind <> 'guest') AS run_started
                FROM (SELECT e.*, count(*) FILTER (WHERE e.kind <> 'guest')
                                      OVER (PARTITION BY e.conversation_id ORDER BY e.id) AS run
                      FROM events e) numbered
                GROUP BY department_id, conversation_id, run
            ), waits AS (
                SELECT department_id, conversation_id, wait_started,
                       lead(run_started) OVER (PARTITION BY conversation_id ORDER BY run) AS wait_ended
                FROM runs
            ), waited AS (
                SELECT DISTINCT w.department_id, w.conversation_id
                FROM waits w JOIN scope s ON s.id = w.department_id
                WHERE w.wait_started >= #{from} AND w.wait_started < #{to}
                  AND COALESCE(w.wait_ended, now()) - w.wait_started >= make_interval(secs => s.waiting_alert_seconds)
            ), facts AS (
                SELECT department_id, NULL::bigint AS agent_id, 1 AS opened, NULL::float8 AS first_response,
                       NULL::float8 AS resolution, 0::bigint AS sent, 0 AS waited
                FROM opened
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
     * socket timeout) and uses no parallel workers, so it takes one backend's CPU away from the live path, not all.
     */
    @Select("SELECT set_config('statement_timeout', #{timeoutMs}, true), "
            + "set_config('max_parallel_workers_per_gather', '0', true)")
    String bound(@Param("timeoutMs") String timeoutMs);
}
