package com.hotelchat.db.tools;

import com.hotelchat.db.Database;
import com.hotelchat.db.conversation.ConversationMapper;
import com.hotelchat.db.conversation.ConversationSnapshot;
import com.hotelchat.db.conversation.StaleVersionException;
import com.hotelchat.db.message.ActivityLog;
import com.hotelchat.db.message.AppendResult;
import com.hotelchat.domain.Activity;
import com.hotelchat.domain.Conversation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** The label set (admins manage it) and the labels on conversations (staff of the conversation's department). */
public final class Labels {

    private final Database database;

    public Labels(Database database) {
        this.database = database;
    }

    public List<Label> all() {
        return database.inTransaction(s -> s.getMapper(LabelMapper.class).all());
    }

    /** Empty when the name is taken. */
    public Optional<Label> create(String name, String color) {
        return Optional.ofNullable(database.inTransaction(s -> s.getMapper(LabelMapper.class).insert(name, color)));
    }

    /** Empty when there is no such label; throws on a name clash (a unique violation). */
    public Optional<Label> update(long id, String name, String color) {
        return database.inTransaction(s -> {
            LabelMapper labels = s.getMapper(LabelMapper.class);
            Label current = labels.find(id);
            if (current == null) {
                return Optional.empty();
            }
            return Optional.of(labels.update(id, name == null ? current.name() : name,
                    color == null ? current.color() : color));
        });
    }

    public boolean delete(long id) {
        return database.inTransaction(s -> s.getMapper(LabelMapper.class).delete(id) > 0);
    }

    /**
     * The outcome of adding or removing a label: the conversation and its labels now (a new version when anything
     * changed), and the activity entry that records the change (null when nothing changed).
     */
    public record Change(ConversationSnapshot snapshot, AppendResult.Appended entry) {

        public boolean changed() {
            return entry != null;
        }

        public List<Label> labels() {
            return snapshot.labels();
        }
    }

    /**
     * Adds ({@code attach}) or removes a label on a conversation {@code visible} accepts, under its row lock, by
     * {@code by}. Empty when the conversation is not visible; throws {@link UnknownLabelException} for a label that
     * does not exist, and {@link StaleVersionException} when {@code expectedVersion} is not null and not the
     * conversation's version.
     */
    public Optional<Change> set(long conversationId, long labelId, boolean attach, Long expectedVersion,
                                Predicate<Conversation> visible, Activity.Person by) {
        return database.inTransaction(s -> {
            Conversation c = s.getMapper(ConversationMapper.class).lockById(conversationId);
            if (c == null || !visible.test(c)) {
                return Optional.empty();
            }
            if (expectedVersion != null && expectedVersion != c.version()) {
                throw new StaleVersionException(expectedVersion, c.version());
            }
            LabelMapper labels = s.getMapper(LabelMapper.class);
            Label label = labels.find(labelId);
            if (label == null) {
                throw new UnknownLabelException(labelId);
            }
            boolean changed = attach ? labels.attach(conversationId, labelId) != null
                    : labels.detach(conversationId, labelId) > 0;
            if (!changed) {
                return Optional.of(new Change(ConversationSnapshot.read(s, conversationId), null));
            }
            s.getMapper(ConversationMapper.class).nextVersion(conversationId);
            Activity.Tag tag = new Activity.Tag(label.id(), label.name(), label.color());
            ActivityLog.Recorded recorded = ActivityLog.record(s, conversationId,
                    now -> attach ? new Activity.LabelAdded(tag, by) : new Activity.LabelRemoved(tag, by));
            return Optional.of(new Change(recorded.after(), recorded.entry()));
        });
    }

    /** The labels of each of these conversations (absent: none). */
    public Map<Long, List<Label>> of(Collection<Long> conversationIds) {
        Map<Long, List<Label>> byConversation = new HashMap<>();
        if (conversationIds.isEmpty()) {
            return byConversation;
        }
        for (LabelMapper.Attached a : database.inTransaction(s -> s.getMapper(LabelMapper.class).ofConversations(conversationIds))) {
            byConversation.computeIfAbsent(a.conversationId(), k -> new ArrayList<>()).add(new Label(a.id(), a.name(), a.color()));
        }
        return byConversation;
    }
}
