package com.hotelchat.db.journey;

import com.hotelchat.db.Database;
import com.hotelchat.db.conversation.ConversationMapper;
import com.hotelchat.db.schedule.ScheduleMapper;
import com.hotelchat.db.schedule.ScheduledMessage;
import com.hotelchat.domain.Conversation;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Guest journey rules (admins manage them) and the messages they plan: a rule's message to a guest is a scheduled
 * message due at once, which the scheduled-message sender sends (see {@code Schedule}); at most one per guest and rule,
 * whatever the nodes do (a unique index, and the guest's row lock while one is planned).
 */
public final class Journeys {

    private final Database database;

    public Journeys(Database database) {
        this.database = database;
    }

    public List<JourneyRule> all() {
        return database.inTransaction(s -> s.getMapper(JourneyMapper.class).all());
    }

    public List<JourneyRule> active() {
        return database.inTransaction(s -> s.getMapper(JourneyMapper.class).active());
    }

    public Optional<JourneyRule> find(long id) {
        return Optional.ofNullable(database.inTransaction(s -> s.getMapper(JourneyMapper.class).find(id)));
    }

    /** Empty when the department has a rule of that name (or no such department). */
    public Optional<JourneyRule> create(String department, String name, long templateId, String occasion, int daysBefore,
                                       LocalTime sendTime, boolean active) {
        return database.inTransaction(s -> {
            JourneyMapper rules = s.getMapper(JourneyMapper.class);
            return Optional.ofNullable(rules.insert(department, name, templateId, occasion, daysBefore, sendTime, active))
                    .map(rules::find);
        });
    }

    /** The rule as {@code change} makes it of the stored one; empty when there is none. */
    public Optional<JourneyRule> update(long id, UnaryOperator<JourneyRule> change) {
        return database.inTransaction(s -> {
            JourneyMapper rules = s.getMapper(JourneyMapper.class);
            JourneyRule current = rules.find(id);
            if (current == null) {
                return Optional.empty();
            }
            rules.update(change.apply(current));
            return Optional.of(rules.find(id));
        });
    }

    public boolean delete(long id) {
        return database.inTransaction(s -> s.getMapper(JourneyMapper.class).delete(id) > 0);
    }

    public JourneyReport report(long ruleId) {
        return database.inTransaction(s -> s.getMapper(JourneyMapper.class).report(ruleId));
    }

    /** A rule's message planned for a guest, and the conversation opened for it (null: an open one was used). */
    public record Planned(ScheduledMessage message, Conversation opened) {}

    /** What a planned message says when scheduled: the rule's template filled for that conversation (a preview). */
    @FunctionalInterface
    public interface Preview {
        String text(JourneyRule rule, Conversation conversation);
    }

    /**
     * Plans the rule's message for the guests whose check-in (or check-out) date is {@code date} and who have none yet,
     * at most {@code limit}: each in a transaction of its own that locks the guest, looks again, takes the guest's
     * open conversation in the rule's department (or opens one) and schedules the message there, due now.
     */
    public List<Planned> plan(JourneyRule rule, LocalDate date, int limit, Preview preview) {
        boolean checkIn = JourneyRule.BEFORE_CHECK_IN.equals(rule.occasion());
        List<Long> guests = database.inTransaction(s -> s.getMapper(JourneyMapper.class)
                .due(rule.id(), checkIn, date, limit));
        List<Planned> planned = new ArrayList<>();
        for (long guestId : guests) {
            Planned one = database.inTransaction(s -> {
                JourneyMapper journeys = s.getMapper(JourneyMapper.class);
                if (journeys.lockGuest(guestId) == null || journeys.planned(rule.id(), guestId)) {
                    return null;
                }
                ConversationMapper conversations = s.getMapper(ConversationMapper.class);
                Long open = journeys.openConversation(guestId, rule.departmentId());
                Conversation opened = null;
                if (open == null) {
                    open = conversations.insert(rule.departmentId(), guestId, "general");
                    opened = conversations.findById(open);
                }
                Conversation conversation = opened != null ? opened : conversations.findById(open);
                long id = journeys.plan(open, rule.senderName(), preview.text(rule, conversation), rule.templateId(),
                        rule.id(), guestId);
                return new Planned(s.getMapper(ScheduleMapper.class).find(id), opened);
            });
            if (one != null) {
                planned.add(one);
            }
        }
        return planned;
    }
}
