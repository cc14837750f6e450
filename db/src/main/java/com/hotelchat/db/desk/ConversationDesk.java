package com.hotelchat.db.desk;

import com.hotelchat.db.Database;
import com.hotelchat.db.conversation.ConversationMapper;
import com.hotelchat.db.conversation.ConversationSnapshot;
import com.hotelchat.db.message.ActivityLog;
import com.hotelchat.db.staff.DepartmentMapper;
import com.hotelchat.domain.Activity;
import com.hotelchat.domain.Conversation;
import com.hotelchat.domain.Department;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.ibatis.session.SqlSession;

/**
 * The front desk's queue in the database: who answers which conversation, its status, transfers between departments,
 * and the two timers (snoozes that run out, guests waiting too long). Every change runs under the conversation's row
 * lock, so it is ordered with the messages appended to it and two nodes never both make it, and leaves its activity
 * entry in the conversation's timeline in the same transaction ({@link ActivityLog}); {@code by} is who makes it.
 */
public final class ConversationDesk {

    public static final String NOT_MEMBER = "The assignee must be an active staff member of the conversation's department";
    public static final String SAME_DEPARTMENT = "The conversation is already in that department";
    public static final String CLOSED = "Conversation is closed";

    private final Database database;

    public ConversationDesk(Database database) {
        this.database = database;
    }

    /**
     * Assigns the conversation to a member of its department, or unassigns it ({@code assigneeId} null). Each change
     * here may be conditional: with {@code expectedVersion} not null it is made only while the conversation is at that
     * version.
     */
    public DeskResult assign(long conversationId, Long assigneeId, Long expectedVersion, Predicate<Conversation> visible,
                             Activity.Person by) {
        return onLocked(conversationId, expectedVersion, visible, (s, desk, before) -> {
            if (assigneeId != null && !desk.isAssignable(before.departmentId(), assigneeId)) {
                return new DeskResult.Refused(NOT_MEMBER);
            }
            if (java.util.Objects.equals(before.assigneeId(), assigneeId)) {
                return new DeskResult.Unchanged(ConversationSnapshot.read(s, before.id()));
            }
            desk.setAssignee(conversationId, assigneeId);
            Activity.Person previous = Activity.Person.of(before.assigneeId(), before.assigneeName());
            return changed(s, before, now -> assigneeId == null ? new Activity.Unassigned(previous, by)
                    : new Activity.Assigned(assigneeOf(now), previous, by, false));
        });
    }

    /**
     * Sets {@code active}, {@code pending} or {@code snoozed} (with {@code snoozedUntil} in the future); a closed
     * conversation can be reopened this way. Closing has its own path (the seed's).
     */
    public DeskResult setStatus(long conversationId, String status, Instant snoozedUntil, Long expectedVersion,
                                Predicate<Conversation> visible, Activity.Person by) {
        return onLocked(conversationId, expectedVersion, visible, (s, desk, before) -> {
            if (before.status().equals(status) && java.util.Objects.equals(before.snoozedUntil(), snoozedUntil)) {
                return new DeskResult.Unchanged(ConversationSnapshot.read(s, before.id()));
            }
            desk.setStatus(conversationId, status, snoozedUntil);
            return changed(s, before, now -> new Activity.StatusChanged(status, before.status(), snoozedUntil,
                    Activity.StatusChanged.BY_STAFF, by, null));
        });
    }

    /**
     * Moves the conversation to another department, keeping the assignee only if they belong to it, and records the
     * transfer with its note.
     */
    public DeskResult transfer(long conversationId, String toDepartment, Activity.Person by, String note,
                               Long expectedVersion, Predicate<Conversation> visible) {
        return onLocked(conversationId, expectedVersion, visible, (s, desk, before) -> {
            Department target = s.getMapper(DepartmentMapper.class).findByName(toDepartment);
            if (target == null) {
                return new DeskResult.UnknownDepartment(toDepartment);
            }
            if (target.id() == before.departmentId()) {
                return new DeskResult.Refused(SAME_DEPARTMENT);
            }
            Long assignee = before.assigneeId() != null && desk.isAssignable(target.id(), before.assigneeId())
                    ? before.assigneeId() : null;
            desk.move(conversationId, target.id(), assignee);
            desk.recordTransfer(conversationId, before.departmentId(), target.id(), by.id(), note);
            return changed(s, before, now -> new Activity.Transferred(before.department(), target.name(), note, by));
        });
    }

    /** A change made with the conversation's row locked, as it stood then ({@code before}). */
    @FunctionalInterface
    private interface LockedChange {
        DeskResult apply(SqlSession s, DeskMapper desk, Conversation before);
    }

    /**
     * Locks the conversation (the row appends take too); one {@code visible} does not accept is not found, one no
     * longer at {@code expectedVersion} (when not null) is stale.
     */
    private DeskResult onLocked(long conversationId, Long expectedVersion, Predicate<Conversation> visible,
                                LockedChange change) {
        return database.inTransaction(s -> {
            Conversation before = s.getMapper(ConversationMapper.class).lockById(conversationId);
            if (before == null || !visible.test(before)) {
                return new DeskResult.NotFound();
            }
            if (expectedVersion != null && expectedVersion != before.version()) {
                return new DeskResult.Stale(expectedVersion, before.version());
            }
            return change.apply(s, s.getMapper(DeskMapper.class), before);
        });
    }

    /**
     * Assigns an unassigned, open conversation of an auto-assigning department to the least loaded of
     * {@code online} (the department's members present anywhere in the cluster). Empty when the department does not
     * auto-assign, the conversation is assigned or closed already, or nobody online is below the cap. Assignments
     * in one department are serialized by its row lock: no member goes over the cap, and a conversation is never
     * assigned twice, whichever nodes try at once.
     */
    public Optional<DeskResult.Changed> autoAssign(long conversationId, long departmentId, Collection<Long> online) {
        if (online.isEmpty()) {
            return Optional.empty();
        }
        return database.inTransaction(s -> {
            DeskMapper desk = s.getMapper(DeskMapper.class);
            DepartmentSettings settings = desk.lockSettings(departmentId);
            if (settings == null || !settings.autoAssign() || desk.lockUnassigned(conversationId) == null) {
                return Optional.empty();
            }
            Conversation current = s.getMapper(ConversationMapper.class).findById(conversationId);
            if (current.departmentId() != departmentId) {
                return Optional.empty(); // transferred meanwhile
            }
            Long pick = desk.pickAssignee(departmentId, online, settings.autoAssignCap());
            if (pick == null) {
                return Optional.empty();
            }
            desk.setAssignee(conversationId, pick);
            desk.markAutoAssigned(pick, departmentId);
            return Optional.of(changed(s, current,
                    now -> new Activity.Assigned(assigneeOf(now), null, null, true)));
        });
    }

    /** Snoozed conversations whose time came, now active again: each is returned to one caller in the cluster. */
    public List<ActivityLog.Recorded> wakeSnoozed(int limit) {
        return database.inTransaction(s -> s.getMapper(DeskMapper.class).wakeSnoozed(limit).stream()
                .map(id -> ActivityLog.record(s, id, now -> new Activity.StatusChanged(Conversation.ACTIVE,
                        Conversation.SNOOZED, null, Activity.StatusChanged.SNOOZE_EXPIRED, null, null)))
                .toList());
    }

    /** Conversations whose guest has waited past the department's threshold, alerted once per wait, cluster-wide. */
    public List<Conversation> raiseWaitingAlerts(int limit) {
        return database.inTransaction(s -> reload(s, s.getMapper(DeskMapper.class).raiseWaitingAlerts(limit)));
    }

    /** Transfers into or out of these departments at or after {@code since}, oldest first, at most {@code limit}. */
    public List<Transfer> transfersSince(Collection<String> departments, Instant since, int limit) {
        if (departments.isEmpty()) {
            return List.of();
        }
        return database.inTransaction(s -> s.getMapper(DeskMapper.class).transfersSince(departments, since, limit));
    }

    /** The department's active staff members: the candidates for auto-assignment, before presence. */
    public List<Long> memberIds(long departmentId) {
        return database.inTransaction(s -> s.getMapper(DeskMapper.class).memberIds(departmentId));
    }

    public Optional<DepartmentSettings> settings(String department) {
        return Optional.ofNullable(database.inTransaction(s -> s.getMapper(DeskMapper.class).settings(department)));
    }

    public Optional<DepartmentSettings> updateSettings(DepartmentSettings settings) {
        return Optional.ofNullable(database.inTransaction(s -> s.getMapper(DeskMapper.class).updateSettings(settings)));
    }

    /** The change made (in {@code s}, on {@code before}'s locked row) with its entry, as {@code describe} says it. */
    private static DeskResult.Changed changed(SqlSession s, Conversation before, Function<Conversation, Activity> describe) {
        ActivityLog.Recorded recorded = ActivityLog.record(s, before.id(), describe);
        return new DeskResult.Changed(before, recorded.after(), recorded.entry());
    }

    private static Activity.Person assigneeOf(Conversation c) {
        return Activity.Person.of(c.assigneeId(), c.assigneeName());
    }

    private static List<Conversation> reload(SqlSession s, List<Long> ids) {
        ConversationMapper conversations = s.getMapper(ConversationMapper.class);
        return ids.stream().map(conversations::findById).toList();
    }
}
