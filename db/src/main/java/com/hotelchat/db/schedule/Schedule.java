package com.hotelchat.db.schedule;

import com.hotelchat.db.Database;
import com.hotelchat.db.message.AppendResult;
import com.hotelchat.db.message.MessageStore;
import com.hotelchat.db.message.Sender;
import com.hotelchat.domain.SenderType;
import com.hotelchat.domain.TemplateValues;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.apache.ibatis.session.SqlSession;

/**
 * Scheduled messages: staff schedule, list, edit and cancel them; every node sends the due ones, each exactly once in
 * the cluster ({@link #sendNext}).
 */
public final class Schedule {

    /** Attempts that failed with an error (not a refusal) before a message is given up, failed. */
    static final int MAX_ATTEMPTS = 5;

    private final Database database;

    public Schedule(Database database) {
        this.database = database;
    }

    /** A text (no {@code templateId}) or a template message, to go at {@code sendAt}. */
    public ScheduledMessage create(long conversationId, long createdBy, String senderName, Instant sendAt, String content,
                                   Long templateId, TemplateValues parameters) {
        return database.inTransaction(s -> {
            ScheduleMapper schedule = s.getMapper(ScheduleMapper.class);
            String kind = templateId == null ? ScheduledMessage.TEXT : ScheduledMessage.TEMPLATE;
            return schedule.find(schedule.insert(conversationId, createdBy, senderName, sendAt, kind, content,
                    templateId, parameters));
        });
    }

    public Optional<ScheduledMessage> find(long id) {
        return Optional.ofNullable(database.inTransaction(s -> s.getMapper(ScheduleMapper.class).find(id)));
    }

    public List<ScheduledMessage> ofConversation(long conversationId) {
        return database.inTransaction(s -> s.getMapper(ScheduleMapper.class).ofConversation(conversationId));
    }

    /** {@code status} null: any. */
    public List<ScheduledMessage> ofDepartments(Collection<String> departments, String status, int limit) {
        if (departments.isEmpty()) {
            return List.of();
        }
        return database.inTransaction(s -> s.getMapper(ScheduleMapper.class).ofDepartments(departments, status, limit));
    }

    /** The message as changed; empty when it has gone already (sent, failed) or was cancelled. */
    public Optional<ScheduledMessage> edit(long id, Instant sendAt, String content, TemplateValues parameters) {
        return database.inTransaction(s -> {
            ScheduleMapper schedule = s.getMapper(ScheduleMapper.class);
            return Optional.ofNullable(schedule.edit(id, sendAt, content, parameters)).map(schedule::find);
        });
    }

    /** The message cancelled; empty when it has gone already or was cancelled before. */
    public Optional<ScheduledMessage> cancel(long id) {
        return database.inTransaction(s -> {
            ScheduleMapper schedule = s.getMapper(ScheduleMapper.class);
            return Optional.ofNullable(schedule.cancel(id)).map(schedule::find);
        });
    }

    /** A due message that went, or did not: the row as recorded, and the message when one was appended. */
    public record Sent(ScheduledMessage row, AppendResult.Appended message) {}

    /** How a due message goes out: decided when it is due, in the claiming transaction. */
    public interface Sending {
        /** What {@code due} goes out as (a template is filled now), or why it cannot. */
        Outgoing outgoing(ScheduledMessage due);

        /** Why an append that was not made (the window closed, the conversation closed) failed, for the sender. */
        String whyNot(AppendResult result);
    }

    /**
     * Sends the next due message, if any: claims it (see {@link ScheduleMapper#claimNext}), asks {@code sending} what
     * it goes out as, appends it (with its outbox row) and records the outcome, all in one transaction. So a message is
     * sent once whichever nodes look for it: the row and the message commit together or not at all. Empty when
     * nothing is due. A failure to append (an error, not a refusal) throws, after counting the attempt in a
     * transaction of its own; after {@value #MAX_ATTEMPTS} the message is recorded failed.
     */
    public Optional<Sent> sendNext(Sending sending) {
        long[] claimed = {0};
        try {
            return database.inTransaction(s -> {
                ScheduleMapper schedule = s.getMapper(ScheduleMapper.class);
                ScheduledMessage due = schedule.claimNext();
                if (due == null) {
                    return Optional.empty();
                }
                claimed[0] = due.id();
                Outgoing outgoing = sending.outgoing(due);
                if (outgoing instanceof Outgoing.Refused refused) {
                    schedule.markFailed(due.id(), refused.reason());
                    return Optional.of(new Sent(schedule.find(due.id()), null));
                }
                AppendResult result = append(s, due, outgoing);
                if (result instanceof AppendResult.Appended appended) {
                    schedule.markSent(due.id(), appended.message().id());
                    return Optional.of(new Sent(schedule.find(due.id()), appended));
                }
                schedule.markFailed(due.id(), sending.whyNot(result));
                return Optional.of(new Sent(schedule.find(due.id()), null));
            });
        } catch (RuntimeException e) {
            if (claimed[0] != 0) {
                attemptFailed(claimed[0], e);
            }
            throw e;
        }
    }

    private static AppendResult append(SqlSession s, ScheduledMessage due, Outgoing outgoing) {
        Sender sender = new Sender(SenderType.STAFF, due.createdBy(), due.senderName());
        return switch (outgoing) {
            case Outgoing.Text text -> MessageStore.appendReplyIn(s, due.conversationId(), sender, text.content(),
                    text.overWhatsApp());
            case Outgoing.Template t -> MessageStore.appendTemplateIn(s, due.conversationId(), sender, t.text(), null,
                    c -> true, t.use(), t.cloudTemplate());
            case Outgoing.Refused refused -> throw new IllegalArgumentException("refused: " + refused.reason());
        };
    }

    private void attemptFailed(long id, RuntimeException e) {
        try {
            database.inTransaction(s -> {
                ScheduleMapper schedule = s.getMapper(ScheduleMapper.class);
                Integer attempts = schedule.attemptFailed(id, String.valueOf(e.getMessage()));
                if (attempts != null && attempts >= MAX_ATTEMPTS) {
                    schedule.markFailed(id, "Could not be sent after " + attempts + " attempts: " + e.getMessage());
                }
                return null;
            });
        } catch (RuntimeException ignored) {
            // the database is away: the row stays due and is tried again, uncounted
        }
    }
}
