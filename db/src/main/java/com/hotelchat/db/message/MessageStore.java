package com.hotelchat.db.message;

import com.hotelchat.db.Database;
import com.hotelchat.db.conversation.ConversationMapper;
import com.hotelchat.domain.Conversation;
import com.hotelchat.domain.SenderType;
import com.hotelchat.domain.StoredMessage;
import com.hotelchat.db.whatsapp.DeliveryMapper;
import com.hotelchat.db.whatsapp.OutboxMapper;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.apache.ibatis.session.SqlSession;

/**
 * Appends and reads messages. Appends to one conversation are serialized by its row lock, so message ids
 * ascend in commit order within a conversation and each append knows the id of the message before it.
 */
public final class MessageStore {

    public static final int PREVIEW_CHARS = 100;
    private static final int MAX_BATCH = 1000;

    private final Database database;

    public MessageStore(Database database) {
        this.database = database;
    }

    public AppendResult append(long conversationId, Sender sender, String content, String clientMessageId) {
        return append(conversationId, sender, content, clientMessageId, c -> true);
    }

    /** Appends only to a conversation {@code visible} accepts; any other answers {@code ConversationNotFound}. */
    public AppendResult append(long conversationId, Sender sender, String content, String clientMessageId,
                               Predicate<Conversation> visible) {
        return appendAll(List.of(new AppendRequest(conversationId, sender, content, clientMessageId, visible))).get(0);
    }

    /**
     * A staff reply when WhatsApp is configured. A conversation whose guest has written over WhatsApp is a WhatsApp
     * conversation: the reply is refused outside the 24-hour window, otherwise stored and queued in the outbox in
     * one transaction, so it is sent exactly when it is committed. A guest who never wrote over WhatsApp (a web
     * chat) cannot be messaged there first (WhatsApp needs a template for that): the reply is stored only.
     */
    public AppendResult appendForWhatsApp(long conversationId, Sender sender, String content, String clientMessageId,
                                          Predicate<Conversation> visible, Instant now) {
        return database.inTransaction(s -> {
            Conversation conversation = s.getMapper(ConversationMapper.class).lockById(conversationId);
            if (conversation == null || !visible.test(conversation)) {
                return new AppendResult.ConversationNotFound();
            }
            boolean viaWhatsApp = conversation.windowExpiresAt() != null;
            if (viaWhatsApp && !conversation.isClosed() && !conversation.windowExpiresAt().isAfter(now)) {
                StoredMessage original = findOriginal(s.getMapper(MessageMapper.class), sender, clientMessageId, null);
                return original != null ? new AppendResult.Duplicate(original, conversation)
                        : new AppendResult.WindowClosed(conversation);
            }
            AppendResult result = appendLocked(s, conversation, sender, content, clientMessageId, null);
            if (viaWhatsApp && result instanceof AppendResult.Appended appended) {
                s.getMapper(OutboxMapper.class).insert(appended.message().id(),
                        appended.conversation().guestWhatsappNumber(), content);
                s.getMapper(DeliveryMapper.class).set(appended.message().id(), "pending");
            }
            return result;
        });
    }

    /**
     * Appends several messages in one transaction (one commit for all: see {@link GroupCommit}), in list order, with
     * the same results as appending each alone. The conversations concerned are locked first, all at once and in id
     * order, so that concurrent batches never deadlock. A failure fails the whole batch and writes nothing.
     */
    public List<AppendResult> appendAll(List<AppendRequest> requests) {
        return database.inTransaction(s -> {
            AppendStatements statements = new AppendStatements(s.getConnection());
            MessageMapper messages = s.getMapper(MessageMapper.class);
            // Each conversation as it stands after the batch's earlier appends to it.
            java.util.Map<Long, Conversation> locked = statements.lockAll(
                    requests.stream().map(AppendRequest::conversationId).distinct().toList());
            List<AppendResult> results = new java.util.ArrayList<>(requests.size());
            for (AppendRequest r : requests) {
                Conversation conversation = locked.get(r.conversationId());
                AppendResult result = conversation == null || !r.visible().test(conversation)
                        ? new AppendResult.ConversationNotFound()
                        : appendLocked(statements, messages, conversation, r.sender(), r.content(), r.clientMessageId(),
                                null, false);
                if (result instanceof AppendResult.Appended appended) {
                    locked.put(appended.conversation().id(), appended.conversation());
                }
                results.add(result);
            }
            return results;
        });
    }

    /** A private note and the staff members it mentions (active members of the conversation's department). */
    public record Note(AppendResult result, java.util.List<Long> mentioned) {}

    /**
     * Appends a private note: a message staff see and the guest never does, in the same id sequence as the messages;
     * {@code @username}s of active members of the conversation's department (not the author) are recorded as
     * mentions in the same transaction. A note neither answers the guest nor reopens the conversation.
     */
    public Note appendNote(long conversationId, Sender sender, String content, String clientMessageId,
                           Predicate<Conversation> visible, java.util.Collection<String> usernames) {
        return database.inTransaction(s -> {
            Conversation conversation = s.getMapper(ConversationMapper.class).lockById(conversationId);
            if (conversation == null || !visible.test(conversation)) {
                return new Note(new AppendResult.ConversationNotFound(), List.of());
            }
            AppendResult result = appendLocked(new AppendStatements(s.getConnection()), s.getMapper(MessageMapper.class),
                    conversation, sender, content, clientMessageId, null, true);
            List<Long> mentioned = result instanceof AppendResult.Appended appended && !usernames.isEmpty()
                    ? s.getMapper(MentionMapper.class).insert(appended.message().id(), conversationId,
                            conversation.departmentId(), sender.id(), usernames)
                    : List.of();
            return new Note(result, mentioned);
        });
    }

    /** Appends within the caller's transaction; see {@link #append}. */
    public static AppendResult appendIn(SqlSession s, long conversationId, Sender sender, String content,
                                        String clientMessageId, String externalId) {
        Conversation conversation = s.getMapper(ConversationMapper.class).lockById(conversationId);
        if (conversation == null) {
            return new AppendResult.ConversationNotFound();
        }
        return appendLocked(s, conversation, sender, content, clientMessageId, externalId);
    }

    private static AppendResult appendLocked(SqlSession s, Conversation conversation, Sender sender, String content,
                                             String clientMessageId, String externalId) {
        return appendLocked(new AppendStatements(s.getConnection()), s.getMapper(MessageMapper.class), conversation,
                sender, content, clientMessageId, externalId, false);
    }

    /** The append proper, with the conversation's row already locked by this transaction. */
    private static AppendResult appendLocked(AppendStatements statements, MessageMapper messages,
                                             Conversation conversation, Sender sender, String content,
                                             String clientMessageId, String externalId, boolean privateNote) {
        boolean fromGuest = SenderType.GUEST.equals(sender.type());
        if (conversation.isClosed() && !fromGuest) {
            // A retry of a message stored before the close is still answered with the original.
            StoredMessage original = findOriginal(messages, sender, clientMessageId, externalId);
            return original != null
                    ? new AppendResult.Duplicate(original, conversation)
                    : new AppendResult.ConversationClosed(conversation);
        }
        String preview = preview(content);
        StoredMessage inserted = statements.insertAsLast(conversation.id(), sender, content, clientMessageId, externalId,
                privateNote, preview);
        if (inserted == null) {
            return new AppendResult.Duplicate(findOriginal(messages, sender, clientMessageId, externalId), conversation);
        }
        String reopenedFrom = fromGuest && !Conversation.ACTIVE.equals(conversation.status()) ? conversation.status() : null;
        return new AppendResult.Appended(inserted, conversation.lastMessageId(),
                conversation.withLastMessage(inserted, preview), reopenedFrom);
    }

    private static StoredMessage findOriginal(MessageMapper messages, Sender sender, String clientMessageId,
                                              String externalId) {
        if (clientMessageId != null) {
            return messages.findByClientMessageId(sender.type(), sender.id(), clientMessageId);
        }
        return externalId != null ? messages.findByExternalId(externalId) : null;
    }

    /** Newest first; {@code beforeId} null means from the newest. */
    public List<StoredMessage> history(long conversationId, Long beforeId, int limit) {
        long before = beforeId == null ? Long.MAX_VALUE : beforeId;
        return database.inTransaction(s -> s.getMapper(MessageMapper.class).before(conversationId, before, limit));
    }

    /** Newest first: the messages around {@code aroundId} (a search hit), about half before and half after. */
    public List<StoredMessage> around(long conversationId, long aroundId, int limit) {
        int half = Math.max(1, limit / 2);
        return database.inTransaction(s -> s.getMapper(MessageMapper.class).around(conversationId, aroundId, half));
    }

    /** Oldest first: the messages with {@code afterId < id <= upToId}, at most {@value #MAX_BATCH}. */
    public List<StoredMessage> between(long conversationId, long afterId, long upToId) {
        return database.inTransaction(s -> s.getMapper(MessageMapper.class)
                .between(conversationId, afterId, upToId, MAX_BATCH));
    }

    static String preview(String content) {
        String flat = content.strip().replaceAll("\\s+", " ");
        return flat.length() <= PREVIEW_CHARS ? flat : flat.substring(0, PREVIEW_CHARS - 1) + "…";
    }
}
