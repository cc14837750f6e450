package com.hotelchat.db.whatsapp;

import com.hotelchat.db.Database;
import com.hotelchat.db.conversation.ConversationMapper;
import com.hotelchat.db.conversation.GuestMapper;
import com.hotelchat.db.message.AppendResult;
import com.hotelchat.db.message.MessageStore;
import com.hotelchat.db.message.Sender;
import com.hotelchat.db.staff.DepartmentMapper;
import com.hotelchat.db.staff.UnknownDepartmentException;
import com.hotelchat.domain.Conversation;
import com.hotelchat.domain.Department;
import com.hotelchat.domain.Guest;
import com.hotelchat.domain.SenderType;
import java.util.List;
import java.util.function.Consumer;

/** The WhatsApp side of the database: the webhook inbox, inbound guest messages, the outbox, delivery states. */
public final class WhatsAppStore {

    private final Database database;

    public WhatsAppStore(Database database) {
        this.database = database;
    }

    /** Stores a webhook body durably; only then may the webhook be answered. */
    public long storeWebhook(String payload) {
        return database.inTransaction(s -> s.getMapper(InboxMapper.class).insert(payload));
    }

    /**
     * Processes unprocessed webhooks one by one while holding their rows, so two nodes never process the same one.
     * A body whose handler throws stays in the inbox (with the error) and is retried later, at most ten times.
     * Returns how many bodies were processed successfully.
     */
    public int processInbox(int limit, Consumer<InboxEntry> handler) {
        return database.inTransaction(s -> {
            InboxMapper inbox = s.getMapper(InboxMapper.class);
            int processed = 0;
            for (InboxEntry entry : inbox.claim(limit)) {
                try {
                    handler.accept(entry);
                    inbox.markProcessed(entry.id());
                    processed++;
                } catch (RuntimeException e) {
                    inbox.markFailed(entry.id(), String.valueOf(e.getMessage()));
                }
            }
            return processed;
        });
    }

    /** Webhook bodies due for processing, unlocked (see {@link InboxMapper#due}). */
    public List<InboxEntry> dueInbox(int limit) {
        return database.inTransaction(s -> s.getMapper(InboxMapper.class).due(limit));
    }

    /** An inbound guest message and where it landed. */
    public record Inbound(AppendResult result, Conversation conversation, boolean newConversation) {}

    /**
     * Records a guest's WhatsApp message: the guest is created or renamed, the message appended to their active
     * conversation or to a new one in {@code defaultDepartment}. A WhatsApp message id seen before stores nothing.
     */
    public Inbound recordInbound(String whatsappNumber, String profileName, String whatsappMessageId, String content,
                                 com.hotelchat.domain.MessageMedia media, String defaultDepartment) {
        return database.inTransaction(s -> {
            Guest guest = s.getMapper(GuestMapper.class).upsert(whatsappNumber,
                    profileName == null || profileName.isBlank() ? whatsappNumber : profileName, null);
            ConversationMapper conversations = s.getMapper(ConversationMapper.class);
            Long active = conversations.findLatestForGuest(guest.id());
            boolean created = false;
            if (active == null) {
                Department department = s.getMapper(DepartmentMapper.class).findByName(defaultDepartment);
                if (department == null) {
                    throw new UnknownDepartmentException(defaultDepartment);
                }
                active = conversations.insert(department.id(), guest.id(), "general");
                created = true;
            }
            AppendResult result = MessageStore.appendIn(s, active, new Sender(SenderType.GUEST, guest.id(), guest.name()),
                    content, whatsappMessageId, media);
            if (result instanceof AppendResult.Appended) {
                conversations.recordGuestWhatsApp(active);
            }
            return new Inbound(result, conversations.findById(active), created);
        });
    }

    /**
     * Moves a message's delivery state forward; what changed, or null when nothing did. Throws
     * {@link UnknownWhatsAppMessageException} for an id no outbox row carries yet: WhatsApp can report on a message
     * before the sending node has committed its id, so the caller retries later.
     */
    public DeliveryChange advanceDelivery(String whatsappMessageId, String status, String error) {
        return database.inTransaction(s -> {
            DeliveryMapper delivery = s.getMapper(DeliveryMapper.class);
            DeliveryChange change = delivery.advance(whatsappMessageId, status, error);
            if (change == null && !delivery.known(whatsappMessageId)) {
                throw new UnknownWhatsAppMessageException(whatsappMessageId);
            }
            return change;
        });
    }

    /** Claims due outbox rows for the duration of {@code work}; other nodes skip them meanwhile. */
    public int sendDue(int limit, OutboxWork work) {
        return database.inTransaction(s -> {
            OutboxMapper outbox = s.getMapper(OutboxMapper.class);
            List<OutboxEntry> due = outbox.claimDue(limit);
            for (OutboxEntry entry : due) {
                work.send(entry, new OutboxResult(outbox, s.getMapper(DeliveryMapper.class), entry));
            }
            return due.size();
        });
    }

    public long outboxBacklog() {
        return database.inTransaction(s -> s.getMapper(OutboxMapper.class).backlog());
    }

    @FunctionalInterface
    public interface OutboxWork {
        void send(OutboxEntry entry, OutboxResult result);
    }

    /** How one send ended; recorded in the transaction that holds the row. */
    public static final class OutboxResult {
        private final OutboxMapper outbox;
        private final DeliveryMapper delivery;
        private final OutboxEntry entry;

        OutboxResult(OutboxMapper outbox, DeliveryMapper delivery, OutboxEntry entry) {
            this.outbox = outbox;
            this.delivery = delivery;
            this.entry = entry;
        }

        public void sent(String whatsappMessageId) {
            outbox.markSent(entry.id(), whatsappMessageId);
            delivery.set(entry.messageId(), "sent");
        }

        public void retryLater(String error, double delaySeconds) {
            outbox.retryLater(entry.id(), error, delaySeconds);
        }

        public void failed(String error) {
            outbox.markFailed(entry.id(), error);
            delivery.set(entry.messageId(), "failed");
        }
    }
}
