package com.hotelchat.db.conversation;

import com.hotelchat.db.Database;
import com.hotelchat.db.message.ActivityLog;
import com.hotelchat.db.message.AppendResult;
import com.hotelchat.db.message.MessageStore;
import com.hotelchat.db.message.Sender;
import com.hotelchat.db.staff.DepartmentMapper;
import com.hotelchat.db.staff.UnknownDepartmentException;
import com.hotelchat.domain.Activity;
import com.hotelchat.domain.Department;
import com.hotelchat.domain.Conversation;
import com.hotelchat.domain.Guest;
import java.util.List;
import java.util.Optional;

/** Opening, closing, finding and listing conversations, and read markers. */
public final class Conversations {

    public static final int MAX_LIST = 200;

    private final Database database;

    public Conversations(Database database) {
        this.database = database;
    }

    /** The conversation with its optional first message, created in one transaction. */
    public record Opened(Conversation conversation, AppendResult.Appended firstMessage) {}

    /**
     * Creates (or refreshes) the guest and opens a conversation in the department; {@code firstMessage}, when not
     * null, is stored as its first message by {@code sender} in the same transaction.
     */
    public Opened open(NewConversation request, Sender sender, String firstMessage) {
        return database.inTransaction(s -> {
            Department department = s.getMapper(DepartmentMapper.class).findByName(request.department());
            if (department == null) {
                throw new UnknownDepartmentException(request.department());
            }
            Guest guest = s.getMapper(GuestMapper.class)
                    .upsert(request.guestWhatsappNumber(), request.guestName(), request.guestRoomNumber());
            ConversationMapper conversations = s.getMapper(ConversationMapper.class);
            long id = conversations.insert(department.id(), guest.id(), request.conversationType());
            AppendResult.Appended first = null;
            if (firstMessage != null) {
                first = (AppendResult.Appended) MessageStore.appendIn(s, id, sender, firstMessage, null, null);
            }
            return new Opened(conversations.findById(id), first);
        });
    }

    public Optional<Conversation> find(long id) {
        return Optional.ofNullable(database.inTransaction(s -> s.getMapper(ConversationMapper.class).findById(id)));
    }

    /** The database's clock now. */
    public java.time.Instant databaseNow() {
        return database.inTransaction(s -> s.getMapper(ConversationMapper.class).now());
    }

    /** The conversation and its labels as they are now, read together. */
    public Optional<ConversationSnapshot> snapshot(long id) {
        return Optional.ofNullable(database.inTransaction(s -> ConversationSnapshot.read(s, id)));
    }

    /** Closed by {@code by}, with the entry that says so in its timeline; empty when there is no such conversation. */
    public Optional<CloseResult> close(long id, Activity.Person by) {
        return database.inTransaction(s -> {
            if (s.getMapper(ConversationMapper.class).close(id) == null) {
                return Optional.ofNullable(ConversationSnapshot.read(s, id)).map(c -> new CloseResult(c, null));
            }
            ActivityLog.Recorded closed = ActivityLog.record(s, id, c -> new Activity.Closed(by));
            return Optional.of(new CloseResult(closed.after(), closed.entry()));
        });
    }

    /** The user's departments' conversations, newest activity first, with the user's unread counts. */
    public List<ConversationListRow> listFor(long userId, String status, int limit) {
        return list(ListQuery.of(userId, status, limit));
    }

    /** The user's departments' conversations as the query asks, at most {@link #MAX_LIST}, with unread counts. */
    public List<ConversationListRow> list(ListQuery query) {
        ListQuery bounded = query.limit() <= MAX_LIST ? query : query.withLimit(MAX_LIST);
        return database.inTransaction(s -> s.getMapper(ConversationMapper.class).list(bounded));
    }

    /**
     * Conversations of these departments, or with these ids, that changed in any way at or after {@code since} and
     * at least {@code settle} ago (by the database's clock), oldest change first, at most {@code limit}: what a node
     * compares with what its sessions heard.
     */
    public List<Conversation> changedSince(java.util.Collection<String> departments, java.util.Collection<Long> ids,
                                           java.time.Instant since, java.time.Duration settle, int limit) {
        if (departments.isEmpty() && ids.isEmpty()) {
            return List.of();
        }
        // Arrays, not lists spelled out: one statement whatever their sizes, prepared once per connection.
        return database.inTransaction(s -> s.getMapper(ConversationMapper.class).changedSince(
                departments.toArray(String[]::new), ids.toArray(Long[]::new), since, settle.toMillis() / 1000.0, limit));
    }

    public void markRead(long userId, long conversationId) {
        database.inTransaction(s -> s.getMapper(ReadMarkerMapper.class).markAllRead(userId, conversationId)
                + s.getMapper(com.hotelchat.db.message.MentionMapper.class).markRead(userId, conversationId));
    }
}
