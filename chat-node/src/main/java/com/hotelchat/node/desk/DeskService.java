package com.hotelchat.node.desk;

import com.hotelchat.db.desk.ConversationDesk;
import com.hotelchat.db.desk.DeskResult;
import com.hotelchat.domain.Conversation;
import com.hotelchat.node.chat.ChatEvents;
import com.hotelchat.protocol.DeskData;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue's staff actions, the same for the socket's commands and the REST endpoints: assign, set a status,
 * transfer. Each is committed first with its entry in the conversation's timeline, then published: the entry to the
 * conversation's subscribers, the change to the departments concerned; an action that changes nothing notifies
 * nobody.
 */
public final class DeskService {

    private static final Logger log = LoggerFactory.getLogger(DeskService.class);
    public static final Duration MAX_SNOOZE = Duration.ofDays(365);
    public static final String SNOOZE_IN_PAST = "'snoozed_until' must be in the future";
    public static final String SNOOZE_TOO_FAR = "'snoozed_until' must be within a year";

    private final ConversationDesk desk;
    private final ChatEvents publish;
    private final Clock clock;

    public DeskService(ConversationDesk desk, ChatEvents publish, Clock clock) {
        this.desk = desk;
        this.publish = publish;
        this.clock = clock;
    }

    /** {@code expectedVersion}, in each of these: when not null, the change is made only at that version. */
    public DeskResult assign(StaffActor actor, long conversationId, Long assigneeId, Long expectedVersion) {
        DeskResult result = desk.assign(conversationId, assigneeId, expectedVersion, actor::sees, actor.asPerson());
        if (result instanceof DeskResult.Changed changed) {
            log.info("conversation={} assigned to={} by user={}", conversationId, assigneeId, actor.id());
            publish.activityRecorded(changed.entry());
            publish.assigned(changed.after(), actor.asAssignee());
        }
        return result;
    }

    /** {@code active}, {@code pending} or {@code snoozed} with {@code snoozedUntil} in the future, within a year. */
    public DeskResult setStatus(StaffActor actor, long conversationId, String status, Instant snoozedUntil,
                                Long expectedVersion) {
        if (Conversation.SNOOZED.equals(status)) {
            Instant now = clock.instant();
            if (!snoozedUntil.isAfter(now)) {
                return new DeskResult.Refused(SNOOZE_IN_PAST);
            }
            if (snoozedUntil.isAfter(now.plus(MAX_SNOOZE))) {
                return new DeskResult.Refused(SNOOZE_TOO_FAR);
            }
        }
        Instant until = snoozedUntil == null ? null : snoozedUntil.truncatedTo(ChronoUnit.MICROS); // as stored
        DeskResult result = desk.setStatus(conversationId, status, until, expectedVersion, actor::sees, actor.asPerson());
        if (result instanceof DeskResult.Changed changed) {
            log.info("conversation={} status {} -> {} by user={}", conversationId, changed.before().status(), status,
                    actor.id());
            publish.activityRecorded(changed.entry());
            publish.statusChanged(changed.after(), changed.before().status(), DeskData.StatusChanged.BY_STAFF,
                    actor.asAssignee());
        }
        return result;
    }

    public DeskResult transfer(StaffActor actor, long conversationId, String department, String note,
                               Long expectedVersion) {
        DeskResult result = desk.transfer(conversationId, department, actor.asPerson(), note, expectedVersion,
                actor::sees);
        if (result instanceof DeskResult.Changed changed) {
            log.info("conversation={} transferred {} -> {} by user={}", conversationId, changed.before().department(),
                    department, actor.id());
            // Before the transfer's events: they end the subscriptions the entry reaches.
            publish.activityRecorded(changed.entry());
            publish.transferred(changed.before(), changed.after(), note, actor.asAssignee());
        }
        return result;
    }
}
