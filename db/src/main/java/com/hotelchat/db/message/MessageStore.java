package com.hotelchat.db.message;

import com.hotelchat.db.Database;
import com.hotelchat.db.conversation.ConversationMapper;
import com.hotelchat.db.media.MediaMapper;
import com.hotelchat.domain.MessageMedia;
import com.hotelchat.domain.Conversation;
import com.hotelchat.domain.SenderType;
import com.hotelchat.domain.StoredMessage;
import com.hotelchat.domain.TemplateUse;
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
        return appendAll(List.of(new AppendRequest(conversationId, sender, content, clientMessageId))).get(0);
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
            MediaMapper media = s.getMapper(MediaMapper.class);
            // Each conversation as it stands after the batch's earlier appends to it.
            java.util.Map<Long, Conversation> locked = statements.lockAll(
                    requests.stream().map(AppendRequest::conversationId).distinct().toList());
            List<AppendResult> results = new java.util.ArrayList<>(requests.size());
            Instant now = Instant.now();
            for (AppendRequest r : requests) {
                Conversation conversation = locked.get(r.conversationId());
                AppendResult result = conversation == null || !r.reaches(conversation)
                        ? new AppendResult.ConversationNotFound()
                        : r.overWhatsApp() ? appendOverWhatsApp(s, statements, messages, media, conversation, Draft.of(r), now)
                        : appendLocked(statements, messages, media, conversation, Draft.of(r));
                if (result instanceof AppendResult.Appended appended) {
                    locked.put(appended.conversation().id(), appended.conversation());
                }
                results.add(result);
            }
            return results;
        });
    }

    /**
     * Appends what it can of {@code requests} in one statement that is its own transaction: one round trip and one
     * commit for the lot (see {@link AppendStatements#appendBatch}). One entry per request: its {@code Appended}, or
     * null where nothing was written for it and it is to be appended with {@link #appendAll}, which answers it
     * precisely. A failure writes nothing.
     */
    public List<AppendResult> appendInOneStatement(List<AppendRequest> requests) {
        return database.withConnection(connection -> new AppendStatements(connection).appendBatch(requests));
    }

    /** A private note and the staff members it mentions (active members of the conversation's department). */
    public record Note(AppendResult result, java.util.List<Long> mentioned) {}

    /**
     * Appends a private note: a message staff see and the guest never does, in the same id sequence as the messages;
     * {@code @username}s of active members of the conversation's department (not the author) are recorded as
     * mentions in the same transaction. A note neither answers the guest nor reopens the conversation, and is never
     * queued for WhatsApp. {@code uploads}: the author's unused uploads it carries, claimed in this transaction as a
     * text claims its own (a file goes on one message only, note or not).
     */
    public Note appendNote(long conversationId, Sender sender, String content, String clientMessageId,
                           List<String> uploads, Predicate<Conversation> visible, java.util.Collection<String> usernames) {
        return database.inTransaction(s -> {
            Conversation conversation = s.getMapper(ConversationMapper.class).lockById(conversationId);
            if (conversation == null || !visible.test(conversation)) {
                return new Note(new AppendResult.ConversationNotFound(), List.of());
            }
            AppendResult result = appendLocked(s, conversation,
                    new Draft(sender, content, clientMessageId, null, true, List.copyOf(uploads), null));
            List<Long> mentioned = result instanceof AppendResult.Appended appended && !usernames.isEmpty()
                    ? s.getMapper(MentionMapper.class).insert(appended.message().id(), conversationId,
                            conversation.departmentId(), sender.id(), usernames)
                    : List.of();
            return new Note(result, mentioned);
        });
    }

    /**
     * A staff reply within the caller's transaction, as {@link #appendAll} appends one: with {@code overWhatsApp}
     * (WhatsApp sending configured), refused when the conversation's guest writes over WhatsApp and their window is
     * closed, otherwise queued in the outbox too.
     */
    public static AppendResult appendReplyIn(SqlSession s, long conversationId, Sender sender, String content,
                                             boolean overWhatsApp) {
        Conversation conversation = s.getMapper(ConversationMapper.class).lockById(conversationId);
        if (conversation == null) {
            return new AppendResult.ConversationNotFound();
        }
        Draft draft = new Draft(sender, content, null, null, false, List.of(), null);
        AppendStatements statements = new AppendStatements(s.getConnection());
        MessageMapper messages = s.getMapper(MessageMapper.class);
        MediaMapper media = s.getMapper(MediaMapper.class);
        return overWhatsApp ? appendOverWhatsApp(s, statements, messages, media, conversation, draft, Instant.now())
                : appendLocked(statements, messages, media, conversation, draft);
    }

    /**
     * A staff message sent as an approved WhatsApp template: {@code content} is the text the guest reads, {@code use}
     * the template and its parameters (shown with the message), {@code cloudTemplate} the Cloud API's template object
     * (JSON) the outbox sends, queued in the append's transaction like any reply. WhatsApp delivers a template whether
     * or not the guest's 24-hour window is open, and to a guest who never wrote: it is never refused for the window.
     * {@code departments}: the sender's; a conversation elsewhere answers {@code ConversationNotFound}.
     */
    public AppendResult appendTemplate(long conversationId, Sender sender, String content, String clientMessageId,
                                       java.util.Set<String> departments, TemplateUse use, String cloudTemplate) {
        return database.inTransaction(s -> appendTemplateIn(s, conversationId, sender, content, clientMessageId,
                c -> departments == null || departments.contains(c.department()), use, cloudTemplate));
    }

    /** {@link #appendTemplate} within the caller's transaction; {@code reaches}: whether the sender may write there. */
    public static AppendResult appendTemplateIn(SqlSession s, long conversationId, Sender sender, String content,
                                                String clientMessageId, Predicate<Conversation> reaches,
                                                TemplateUse use, String cloudTemplate) {
        Conversation conversation = s.getMapper(ConversationMapper.class).lockById(conversationId);
        if (conversation == null || !reaches.test(conversation)) {
            return new AppendResult.ConversationNotFound();
        }
        AppendResult result = appendLocked(s, conversation, new Draft(sender, content, clientMessageId, null, false,
                List.of(), MessageMedia.sentAs(use)));
        if (result instanceof AppendResult.Appended appended) {
            s.getMapper(OutboxMapper.class).insertTemplate(appended.message().id(),
                    appended.conversation().guestWhatsappNumber(), content, cloudTemplate);
            s.getMapper(DeliveryMapper.class).set(appended.message().id(), "pending");
        }
        return result;
    }

    /**
     * Appends within the caller's transaction; see {@link #append}. {@code media}: files already stored for this
     * message (a guest's WhatsApp photo) or a location; null for text.
     */
    public static AppendResult appendIn(SqlSession s, long conversationId, Sender sender, String content,
                                        String externalId, MessageMedia media) {
        Conversation conversation = s.getMapper(ConversationMapper.class).lockById(conversationId);
        if (conversation == null) {
            return new AppendResult.ConversationNotFound();
        }
        return appendLocked(s, conversation, new Draft(sender, content, null, externalId, false, List.of(), media));
    }

    /**
     * A message to append: {@code uploads} are the sender's upload ids it carries (claimed in the append's
     * transaction), {@code media} what it carries already resolved (inbound WhatsApp); at most one of them is set.
     */
    private record Draft(Sender sender, String content, String clientMessageId, String externalId, boolean privateNote,
                         List<String> uploads, MessageMedia media) {
        static Draft of(AppendRequest r) {
            return new Draft(r.sender(), r.content(), r.clientMessageId(), null, false, r.attachmentIds(), null);
        }
    }

    /**
     * A staff reply when WhatsApp is configured. A conversation whose guest has written over WhatsApp is a WhatsApp
     * conversation: the reply is refused outside the 24-hour window, otherwise stored and queued in the outbox in the
     * same transaction, so it is sent exactly when it is committed (a reply with files: one send per file, see
     * {@link OutboxParts}). A guest who never wrote over WhatsApp (a web chat) cannot be messaged there first
     * (WhatsApp needs a template for that): the reply is stored only.
     */
    private static AppendResult appendOverWhatsApp(SqlSession s, AppendStatements statements, MessageMapper messages,
                                                   MediaMapper media, Conversation conversation, Draft draft,
                                                   Instant now) {
        boolean viaWhatsApp = conversation.isWhatsApp();
        if (viaWhatsApp && !conversation.isClosed() && !conversation.windowExpiresAt().isAfter(now)) {
            StoredMessage original = findOriginal(messages, draft);
            return original != null ? new AppendResult.Duplicate(original, conversation)
                    : new AppendResult.WindowClosed(conversation);
        }
        AppendResult result = appendLocked(statements, messages, media, conversation, draft);
        if (viaWhatsApp && result instanceof AppendResult.Appended appended) {
            OutboxParts.queue(s.getMapper(OutboxMapper.class), appended.message(),
                    appended.conversation().guestWhatsappNumber());
            s.getMapper(DeliveryMapper.class).set(appended.message().id(), "pending");
        }
        return result;
    }

    /** {@link #appendLocked(AppendStatements, MessageMapper, MediaMapper, Conversation, Draft)} on the session's own. */
    private static AppendResult appendLocked(SqlSession s, Conversation conversation, Draft draft) {
        return appendLocked(new AppendStatements(s.getConnection()), s.getMapper(MessageMapper.class),
                s.getMapper(MediaMapper.class), conversation, draft);
    }

    /** The append proper, with the conversation's row already locked by this transaction. */
    private static AppendResult appendLocked(AppendStatements statements, MessageMapper messages, MediaMapper mediaFiles,
                                             Conversation conversation, Draft draft) {
        boolean fromGuest = SenderType.GUEST.equals(draft.sender().type());
        if (conversation.isClosed() && !fromGuest) {
            // A retry of a message stored before the close is still answered with the original.
            StoredMessage original = findOriginal(messages, draft);
            return original != null
                    ? new AppendResult.Duplicate(original, conversation)
                    : new AppendResult.ConversationClosed(conversation);
        }
        MessageMedia media = draft.media();
        if (!draft.uploads().isEmpty()) {
            media = Attachments.lock(mediaFiles, draft.uploads(), draft.sender());
            if (media == null) {
                // Taken already: by this very message when it is a retry.
                StoredMessage original = findOriginal(messages, draft);
                return original != null ? new AppendResult.Duplicate(original, conversation)
                        : new AppendResult.AttachmentUnavailable();
            }
        }
        String preview = preview(draft.content().isBlank() && media != null ? media.describe() : draft.content());
        StoredMessage inserted = statements.insertAsLast(conversation.id(), draft.sender(), draft.content(),
                draft.clientMessageId(), draft.externalId(), draft.privateNote(), preview, media, null);
        if (inserted == null) {
            return new AppendResult.Duplicate(findOriginal(messages, draft), conversation);
        }
        Attachments.attach(mediaFiles, media, inserted.id(), conversation.id());
        return AppendResult.Appended.after(conversation, inserted, preview);
    }

    private static StoredMessage findOriginal(MessageMapper messages, Draft draft) {
        return findOriginal(messages, draft.sender(), draft.clientMessageId(), draft.externalId());
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
    /** The conversation's latest message that is not a private note, if any. */
    public java.util.Optional<StoredMessage> latestPublic(long conversationId) {
        return java.util.Optional.ofNullable(
                database.inTransaction(s -> s.getMapper(MessageMapper.class).latestPublic(conversationId)));
    }

    public List<StoredMessage> between(long conversationId, long afterId, long upToId) {
        return database.inTransaction(s -> s.getMapper(MessageMapper.class)
                .between(conversationId, afterId, upToId, MAX_BATCH));
    }

    static String preview(String content) {
        String flat = content.strip().replaceAll("\\s+", " ");
        return flat.length() <= PREVIEW_CHARS ? flat : flat.substring(0, PREVIEW_CHARS - 1) + "…";
    }
}
