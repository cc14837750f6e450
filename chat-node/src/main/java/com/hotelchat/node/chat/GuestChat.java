package com.hotelchat.node.chat;

import com.hotelchat.bus.Group;
import com.hotelchat.db.conversation.Conversations;
import com.hotelchat.db.message.AppendResult;
import com.hotelchat.db.message.AppendRequest;
import com.hotelchat.db.message.GroupCommit;
import com.hotelchat.db.message.Sender;
import com.hotelchat.domain.Conversation;
import com.hotelchat.domain.SenderType;
import com.hotelchat.node.desk.AutoAssigner;
import com.hotelchat.node.fanout.LocalHub;
import com.hotelchat.node.session.ClientSession;
import com.hotelchat.node.session.ConversationFeed;
import com.hotelchat.node.session.MissedMessages;
import com.hotelchat.node.tracing.CommandSpan;
import com.hotelchat.node.tracing.CommandSpans;
import com.hotelchat.protocol.GuestCommand;
import com.hotelchat.protocol.Ping;

/**
 * A guest's web chat: the guest writes into the one conversation its token names and hears that conversation's
 * messages and typing through the {@code guest_{number}} group; staff see guest messages exactly like WhatsApp ones.
 */
public final class GuestChat {

    private final Conversations conversations;
    private final GroupCommit appends;
    private final ChatEvents publish;
    private final EventFactory events;
    private final LocalHub hub;
    private final MissedMessages missed;

    private final AutoAssigner autoAssign;
    private final ReopenedByGuest reopened;
    private final CommandSpans spans;

    public GuestChat(Conversations conversations, GroupCommit appends, ChatEvents publish, EventFactory events,
                     LocalHub hub, MissedMessages missed, AutoAssigner autoAssign, ReopenedByGuest reopened,
                     CommandSpans spans) {
        this.spans = spans;
        this.autoAssign = autoAssign;
        this.reopened = reopened;
        this.missed = missed;
        this.conversations = conversations;
        this.appends = appends;
        this.publish = publish;
        this.events = events;
        this.hub = hub;
    }

    /**
     * Opens the guest's feed of its conversation: every message after {@code resumeAfter} (when the page asks for
     * them: 0 for the whole history), then live ones, in order and once each; a guest that gave no resume point
     * starts with what is committed from now on. Only the guest's own conversation, and only what the guest may see:
     * every message of it is a message between the guest and the hotel (nothing staff-only exists in it).
     */
    public void opened(ClientSession guest, Conversation conversation, Long resumeAfter) {
        ConversationFeed feed = new ConversationFeed(conversation.id(), conversation.department(),
                conversation.guestWhatsappNumber(), false);
        feed.lock();
        try {
            guest.addFeed(feed);
            hub.register(guest);
            hub.join(guest, Group.guest(conversation.guestWhatsappNumber()));
            feed.startAfter(resumeAfter, conversation.lastMessageId());
        } finally {
            feed.unlock();
        }
        // Also what was committed between the handshake's read and joining the group.
        feed.catchUp(Long.MAX_VALUE, guest.out(), missed);
    }

    public void closed(ClientSession guest, Conversation conversation) {
        guest.out().markClosed();
        hub.leave(guest, Group.guest(conversation.guestWhatsappNumber()));
        hub.unregister(guest);
    }

    /** {@code receivedAtMicros}: when the node received the command (wall clock, epoch microseconds). */
    public void handle(ClientSession guest, GuestCommand command, long receivedAtMicros) {
        switch (command) {
            case Ping ping -> guest.send(events.pong(ping)); // the heartbeat: no database, no bus
            case GuestCommand.GuestText text -> {
                try (CommandSpan span = spans.guestText(guest, guest.scopeConversationId())) {
                    send(guest, text, receivedAtMicros, span);
                }
            }
            case GuestCommand.GuestTyping typing -> {
                Conversation c = conversation(guest);
                if (c != null) {
                    publish.typing(c.id(), c.department(), c.guestWhatsappNumber(), guest.id(), guest.principalId(),
                            c.guestName(), typing.isTyping(), false);
                }
            }
        }
    }

    /** The guest's conversation, or null after telling the guest it is not found. */
    private Conversation conversation(ClientSession guest) {
        Conversation c = conversations.find(guest.scopeConversationId()).orElse(null);
        if (c == null) {
            guest.send(events.error(ChatService.NOT_FOUND));
        }
        return c;
    }

    /** Traced (when the node traces) from here to the publish, like a staff text. */
    private void send(ClientSession guest, GuestCommand.GuestText text, long receivedAtMicros, CommandSpan span) {
        Conversation c = conversation(guest);
        if (c == null) {
            return;
        }
        Sender sender = new Sender(SenderType.GUEST, guest.principalId(), c.guestName());
        AppendResult result = appends.submit(new AppendRequest(c.id(), sender, text.content(), text.clientMessageId(),
                null, text.attachments())).join();
        span.outcome(result);
        switch (result) {
            case AppendResult.Appended appended -> {
                publish.messageCommitted(appended, receivedAtMicros);
                reopened.after(appended);
                autoAssign.consider(appended.conversation());
            }
            case AppendResult.Duplicate duplicate -> ChatService.answerRetry(guest, duplicate, publish, events);
            case AppendResult.ConversationClosed closed -> guest.send(events.error(ChatService.CLOSED));
            case AppendResult.ConversationNotFound notFound -> guest.send(events.error(ChatService.NOT_FOUND));
            case AppendResult.WindowClosed unreachable -> guest.send(events.error(ChatService.NOT_FOUND));
            case AppendResult.Overloaded overloaded -> guest.send(events.error(ChatService.OVERLOADED));
            case AppendResult.DatabaseUnavailable unavailable ->
                    guest.send(events.error(ChatService.DATABASE_UNAVAILABLE));
            case AppendResult.OutcomeUnknown unknown -> guest.send(events.error(ChatService.OUTCOME_UNKNOWN));
            case AppendResult.AttachmentUnavailable unavailable ->
                    guest.send(events.error(ChatService.ATTACHMENT_UNAVAILABLE));
        }
    }
}
