package com.hotelchat.db.message;

import com.hotelchat.db.Database;
import com.hotelchat.db.conversation.ConversationMapper;
import com.hotelchat.db.conversation.ConversationSnapshot;
import com.hotelchat.domain.Activity;
import com.hotelchat.domain.Conversation;
import com.hotelchat.domain.SenderType;
import com.hotelchat.domain.StoredMessage;
import java.util.Optional;
import java.util.function.Function;
import org.apache.ibatis.session.SqlSession;

/**
 * A conversation's timeline: each change of the desk's (assignment, status, transfer, closing, labels) leaves an
 * activity entry, a private message with the change's facts, appended by the transaction that makes the change (so
 * an entry exists exactly when its change does) under the conversation's row lock (so it has its place among the
 * messages). Its sender is whoever made the change, or {@link #NODE} for what the node does by itself.
 *
 * <p>One change is not made here but inside the append functions: a guest's message reopening a conversation. Its
 * entry is written by {@link #reopenedByGuest} in a transaction of its own right after the message's commit (the
 * appends are the hot path and stay as they are), so a node that dies between the two loses that one entry; the
 * reopening itself and the message are committed, and the status event's repair still tells everyone.
 */
public final class ActivityLog {

    /** The sender of the entries the node writes itself: auto-assignment, a snooze that ran out, a guest reopening. */
    public static final Sender NODE = new Sender(SenderType.STAFF, null, "System");

    private final Database database;

    public ActivityLog(Database database) {
        this.database = database;
    }

    /** A committed change and its entry: the conversation as they left it, and the entry with its predecessor. */
    public record Recorded(ConversationSnapshot after, AppendResult.Appended entry) {}

    /**
     * Appends the entry of a change the caller's transaction has just made and whose conversation row it holds
     * locked; {@code describe} gets the conversation as the change left it (before the entry).
     */
    public static Recorded record(SqlSession s, long conversationId, Function<Conversation, Activity> describe) {
        Conversation changed = s.getMapper(ConversationMapper.class).findById(conversationId);
        Activity activity = describe.apply(changed);
        Activity.Person by = activity.by();
        Sender sender = by == null ? NODE : new Sender(SenderType.STAFF, by.id(), by.name());
        StoredMessage entry = new AppendStatements(s.getConnection()).insertAsLast(conversationId, sender,
                activity.sentence(), null, null, true, null, null, activity);
        ConversationSnapshot after = ConversationSnapshot.read(s, conversationId);
        return new Recorded(after, new AppendResult.Appended(entry, changed.lastMessageId(), after.conversation(), null));
    }

    /**
     * The entry of a guest's committed message that made the conversation active again from {@code previousStatus}
     * (pending, snoozed or closed), ordered after that message; empty when the conversation is gone.
     */
    public Optional<Recorded> reopenedByGuest(long conversationId, long guestMessageId, String previousStatus) {
        return database.inTransaction(s -> {
            if (s.getMapper(ConversationMapper.class).lockById(conversationId) == null) {
                return Optional.empty();
            }
            return Optional.of(record(s, conversationId, c -> new Activity.StatusChanged(Conversation.ACTIVE,
                    previousStatus, null, Activity.StatusChanged.BY_GUEST_MESSAGE, null, guestMessageId)));
        });
    }
}
