package com.hotelchat.node.chat;

import com.hotelchat.bus.Group;
import com.hotelchat.db.conversation.Conversations;
import com.hotelchat.db.desk.DeskResult;
import com.hotelchat.node.desk.DeskService;
import com.hotelchat.node.desk.StaffActor;
import com.hotelchat.db.message.AppendRequest;
import com.hotelchat.db.message.AppendResult;
import com.hotelchat.db.message.GroupCommit;
import com.hotelchat.db.message.MessageStore;
import com.hotelchat.db.message.Sender;
import com.hotelchat.domain.Activity;
import com.hotelchat.domain.Conversation;
import com.hotelchat.domain.SenderType;
import com.hotelchat.node.fanout.LocalHub;
import com.hotelchat.node.session.ClientSession;
import com.hotelchat.node.session.ConversationFeed;
import com.hotelchat.node.session.MissedMessages;
import com.hotelchat.node.tracing.CommandSpan;
import com.hotelchat.node.tracing.CommandSpans;
import com.hotelchat.protocol.ClientCommand;
import com.hotelchat.protocol.Ping;
import com.hotelchat.protocol.ServerEvent;
import java.util.Optional;

/**
 * The staff commands: the seed's six and the queue's (assign, status, transfer). Every command is checked against the session's departments first; a conversation
 * outside them answers exactly like one that does not exist.
 */
public final class ChatService {

    public static final String NOT_FOUND = "Conversation not found";
    public static final String CLOSED = "Conversation is closed";
    public static final String OVERLOADED = "The server is busy and did not store this message: send it again "
            + "(with the same client_message_id)";
    public static final String DATABASE_UNAVAILABLE = "The database did not confirm this message in time (it may be "
            + "failing over): send it again with the same client_message_id, which never stores it twice";
    public static final String OUTCOME_UNKNOWN = "The database connection broke while this message was being stored: "
            + "it may or may not have been stored (if it was, it appears in the conversation). Send a client_message_id "
            + "with each text to make a retry safe";
    public static final String WINDOW_CLOSED = "The guest's 24-hour WhatsApp window is closed: WhatsApp only accepts "
            + "free-form replies within 24 hours of the guest's last message. A template is needed: send an approved "
            + "template (it reaches the guest at any time), and free text works again once the guest writes";

    public static final String ATTACHMENT_UNAVAILABLE = "An attachment is not a file you uploaded, or another message "
            + "uses it already (uploads unused for a day are removed): upload the file again";

    private final Conversations conversations;
    private final MessageStore messages;
    private final ChatEvents publish;
    private final EventFactory events;
    private final LocalHub hub;
    private final MissedMessages missed;
    private final WhatsAppOutbound whatsApp;
    private final GroupCommit appends;
    private final DeskService desk;
    private final CommandSpans spans;

    public ChatService(Conversations conversations, MessageStore messages, ChatEvents publish, EventFactory events,
                       LocalHub hub, MissedMessages missed, WhatsAppOutbound whatsApp, GroupCommit appends,
                       DeskService desk, CommandSpans spans) {
        this.spans = spans;
        this.desk = desk;
        this.appends = appends;
        this.whatsApp = whatsApp;
        this.conversations = conversations;
        this.messages = messages;
        this.publish = publish;
        this.events = events;
        this.hub = hub;
        this.missed = missed;
    }

    /** {@code receivedAtMicros}: when the node received the command (wall clock, epoch microseconds). */
    public void handle(ClientSession session, ClientCommand command, long receivedAtMicros) {
        if (command instanceof Ping ping) {
            session.send(events.pong(ping)); // the heartbeat: no database, no bus
            return;
        }
        if (command instanceof ClientCommand.SendText text) {
            // The append checks access under the conversation's row lock: one round trip fewer per message.
            sendText(session, text, receivedAtMicros);
            return;
        }
        if (command instanceof ClientCommand.Note note) {
            note(session, note);
            return;
        }
        if (command instanceof ClientCommand.DeskCommand deskCommand) {
            desk(session, deskCommand);
            return;
        }
        ConversationFeed feed = session.feed(command.conversationId());
        if (command instanceof ClientCommand.Typing typing && feed != null && session.inDepartment(feed.department())) {
            // The most frequent command: a subscribed session was checked at subscribe time, and still is a member.
            publish.typing(feed.conversationId(), feed.department(), feed.guestWhatsappNumber(), session.id(),
                    session.principalId(), session.displayName(), typing.isTyping(), typing.privateTyping());
            return;
        }
        Optional<Conversation> conversation = accessible(session, command.conversationId());
        if (conversation.isEmpty()) {
            session.send(events.error(NOT_FOUND));
            return;
        }
        Conversation c = conversation.get();
        switch (command) {
            case ClientCommand.Subscribe s -> subscribe(session, c, s.lastMessageId());
            case ClientCommand.Unsubscribe u -> unsubscribe(session, c.id());
            case ClientCommand.SendText t -> sendText(session, t, receivedAtMicros);
            case ClientCommand.MarkRead m -> conversations.markRead(session.principalId(), c.id());
            case ClientCommand.Typing t -> publish.typing(c.id(), c.department(), c.guestWhatsappNumber(), session.id(),
                    session.principalId(), session.displayName(), t.isTyping(), t.privateTyping());
            case ClientCommand.CloseConversation x -> close(c, actor(session).asPerson());
            case ClientCommand.DeskCommand d -> desk(session, d);
            case ClientCommand.Note n -> note(session, n);
            case Ping ping -> session.send(events.pong(ping));
        }
    }

    /**
     * A private note: stored like a message (the same ids, order and gap fill), shown to staff only, its files too
     * (published to the conversation's subscribers only, never queued for WhatsApp).
     */
    private void note(ClientSession session, ClientCommand.Note note) {
        Sender sender = new Sender(SenderType.STAFF, session.principalId(), session.displayName());
        MessageStore.Note stored = messages.appendNote(note.conversationId(), sender, note.content(),
                note.clientMessageId(), note.attachments(), c -> session.inDepartment(c.department()),
                Mentions.usernames(note.content()));
        if (stored.result() instanceof AppendResult.Appended appended) {
            publish.noteCommitted(appended, stored.mentioned());
        } else {
            answerNotAppended(session, stored.result());
        }
    }

    /** The queue's commands; each checks access under the conversation's row lock. */
    private void desk(ClientSession session, ClientCommand.DeskCommand command) {
        StaffActor actor = actor(session);
        DeskResult result = switch (command) {
            case ClientCommand.Assign a -> desk.assign(actor, a.conversationId(), a.userId(), a.expectedVersion());
            case ClientCommand.SetStatus st -> desk.setStatus(actor, st.conversationId(), st.status(), st.snoozedUntil(),
                    st.expectedVersion());
            case ClientCommand.Transfer tr -> desk.transfer(actor, tr.conversationId(), tr.department(), tr.note(),
                    tr.expectedVersion());
        };
        switch (result) {
            case DeskResult.NotFound notFound -> session.send(events.error(NOT_FOUND));
            case DeskResult.Refused refused -> session.send(events.error(refused.reason()));
            case DeskResult.UnknownDepartment unknown -> session.send(events.error(unknown.reason()));
            case DeskResult.Stale stale -> session.send(events.error(stale.reason()));
            case DeskResult.Changed changed -> { } // the department's event tells the caller too
            case DeskResult.Unchanged unchanged -> { } // already so: nobody is told
        }
    }

    private static StaffActor actor(ClientSession session) {
        return new StaffActor(session.principalId(), session.displayName(), session::inDepartment);
    }

    private Optional<Conversation> accessible(ClientSession session, long conversationId) {
        return conversations.find(conversationId).filter(c -> session.inDepartment(c.department()));
    }

    /**
     * Joins the conversation group first and reads history after, with the feed locked meanwhile: a message
     * committed during the replay is either in the replay or arrives live afterwards, and the feed drops whichever
     * copy comes second.
     */
    private void subscribe(ClientSession session, Conversation c, Long resumeAfter) {
        ConversationFeed existing = session.feed(c.id());
        ConversationFeed feed = existing != null ? existing : new ConversationFeed(c.id(), c.department(), c.guestWhatsappNumber());
        feed.lock();
        try {
            if (existing == null) {
                session.addFeed(feed);
                hub.join(session, Group.conversation(c.id()));
            }
            session.send(events.encode(ServerEvent.Subscribed.to(c.id())));
            if (existing != null) {
                return;
            }
            feed.startAfter(resumeAfter, c.lastMessageId());
        } finally {
            feed.unlock();
        }
        if (resumeAfter != null) {
            feed.catchUp(Long.MAX_VALUE, session.out(), missed);
        }
    }

    private void unsubscribe(ClientSession session, long conversationId) {
        if (session.removeFeed(conversationId) != null) {
            hub.leave(session, Group.conversation(conversationId));
        }
        session.send(events.encode(ServerEvent.Unsubscribed.from(conversationId)));
    }

    /** Traced (when the node traces) from here to the publish: the group commit and the publish are its children. */
    private void sendText(ClientSession session, ClientCommand.SendText text, long receivedAtMicros) {
        try (CommandSpan span = spans.text(session, text.conversationId())) {
            Sender sender = new Sender(SenderType.STAFF, session.principalId(), session.displayName());
            AppendRequest request = new AppendRequest(text.conversationId(), sender, text.content(),
                    text.clientMessageId(), session.departments(), text.attachments(), whatsApp.enabled());
            AppendResult result = appends.submit(request).join();
            span.outcome(result);
            if (result instanceof AppendResult.Appended appended) {
                publish.messageCommitted(appended, receivedAtMicros);
                if (request.overWhatsApp() && appended.conversation().isWhatsApp()) {
                    // Queued in the outbox with the append (a WhatsApp conversation): send it now. Other replies queue
                    // nothing, and waking the sender for them cost a database round per message.
                    whatsApp.queued();
                }
            } else {
                answerNotAppended(session, result);
            }
        }
    }

    /** What the sender of a message or note that was not appended is told (a retry gets its original back). */
    private void answerNotAppended(ClientSession session, AppendResult result) {
        switch (result) {
            case AppendResult.WindowClosed closed -> session.send(events.error(WINDOW_CLOSED));
            case AppendResult.Overloaded overloaded -> session.send(events.error(OVERLOADED));
            case AppendResult.DatabaseUnavailable unavailable -> session.send(events.error(DATABASE_UNAVAILABLE));
            case AppendResult.OutcomeUnknown unknown -> session.send(events.error(OUTCOME_UNKNOWN));
            case AppendResult.AttachmentUnavailable unavailable -> session.send(events.error(ATTACHMENT_UNAVAILABLE));
            case AppendResult.Duplicate duplicate -> answerRetry(session, duplicate, publish, events);
            case AppendResult.ConversationClosed closed -> session.send(events.error(CLOSED));
            case AppendResult.ConversationNotFound notFound -> session.send(events.error(NOT_FOUND));
            case AppendResult.Appended appended -> throw new IllegalArgumentException("appended");
        }
    }

    /**
     * A retry of a message stored before: the retrying session gets the original back (once: a session subscribed to
     * the conversation that lacks it gets it through its feed), and the original is published again, because the node
     * that committed it may have died before publishing it; everyone who had it drops the copy.
     */
    static void answerRetry(ClientSession session, AppendResult.Duplicate duplicate, ChatEvents publish,
                            EventFactory events) {
        ConversationFeed feed = session.feed(duplicate.conversation().id());
        if (feed == null || feed.reached(duplicate.original().id())) {
            String original = events.encoded(duplicate.original(), duplicate.conversation())
                    .payloadFor(session.kind() == ClientSession.Kind.STAFF);
            if (original != null) {
                session.send(original);
            }
        }
        publish.messageRepublished(duplicate.original(), duplicate.conversation());
    }

    /** Closed by {@code by}, with its timeline entry; closing an already closed conversation notifies nobody. */
    public void close(Conversation c, Activity.Person by) {
        conversations.close(c.id(), by)
                .filter(result -> result.changed())
                .ifPresent(result -> {
                    publish.activityRecorded(result.entry());
                    publish.conversationClosed(result.snapshot());
                });
    }
}
