package com.hotelchat.node.desk;

import com.hotelchat.bus.Presence;
import com.hotelchat.db.desk.ConversationDesk;
import com.hotelchat.domain.Conversation;
import com.hotelchat.node.chat.ChatEvents;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives an unassigned conversation of an auto-assigning department to the least loaded member who is online anywhere
 * in the cluster (the database serializes the choice per department; see {@link ConversationDesk#autoAssign}).
 * Runs after the message or conversation that prompted it is committed and published, off the caller's thread;
 * while presence cannot be read, nobody is assigned (the conversation stays in the unassigned queue).
 */
public final class AutoAssigner {

    private static final Logger log = LoggerFactory.getLogger(AutoAssigner.class);

    private final ConversationDesk desk;
    private final Presence presence;
    private final ChatEvents publish;
    private final java.util.concurrent.atomic.AtomicLong failures = new java.util.concurrent.atomic.AtomicLong();

    public AutoAssigner(ConversationDesk desk, Presence presence, ChatEvents publish) {
        this.desk = desk;
        this.presence = presence;
        this.publish = publish;
    }

    /** A new conversation, or a guest's message in one: assigns it if it is unassigned and the department wants it. */
    public void consider(Conversation c) {
        if (c.assigneeId() != null || c.isClosed()) {
            return;
        }
        Thread.startVirtualThread(() -> {
            try {
                assign(c);
            } catch (RuntimeException e) {
                failures.incrementAndGet();
                log.warn("auto-assignment failed conversation={}", c.id(), e);
            }
        });
    }

    /** Auto-assignments that failed with an error (a deadlock, a lost database): counted in /metrics. */
    public long failures() {
        return failures.get();
    }

    private void assign(Conversation c) {
        boolean wanted = desk.settings(c.department()).map(s -> s.autoAssign()).orElse(false);
        if (!wanted) {
            return;
        }
        List<Long> members = desk.memberIds(c.departmentId());
        Optional<Set<Long>> online = presence.onlineNow(members);
        if (online.isEmpty()) {
            log.info("auto-assignment skipped, presence unreadable conversation={}", c.id());
            return;
        }
        desk.autoAssign(c.id(), c.departmentId(), online.get()).ifPresent(assigned -> {
            log.info("conversation={} auto-assigned to user={}", c.id(), assigned.after().conversation().assigneeId());
            publish.activityRecorded(assigned.entry());
            publish.assigned(assigned.after(), null);
        });
    }
}
