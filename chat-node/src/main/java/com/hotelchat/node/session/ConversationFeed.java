package com.hotelchat.node.session;

import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One session's subscription to one conversation: remembers the last message id delivered and makes every
 * delivery ascending and gapless. A live message whose predecessor is not the last delivered one means
 * something was missed or overtaken; the missing messages are read from the database first. Anything at or
 * below the last delivered id is a duplicate and dropped.
 */
public final class ConversationFeed {

    private final long conversationId;
    private final String department;
    private final String guestWhatsappNumber;
    private final ReentrantLock lock = new ReentrantLock();
    private final boolean seesPrivateNotes;
    private long lastDelivered;

    /** A staff session's feed: every message, private notes included. */
    public ConversationFeed(long conversationId, String department, String guestWhatsappNumber) {
        this(conversationId, department, guestWhatsappNumber, true);
    }

    /**
     * {@code seesPrivateNotes} false: a guest's feed. Notes take ids in the same sequence, so a guest's feed steps over
     * them (its position moves past a note without delivering it) and never sees a gap where one was; the messages it
     * delivers are in the guest's form (no {@code client_message_id}).
     */
    public ConversationFeed(long conversationId, String department, String guestWhatsappNumber, boolean seesPrivateNotes) {
        this.seesPrivateNotes = seesPrivateNotes;
        this.conversationId = conversationId;
        this.department = department;
        this.guestWhatsappNumber = guestWhatsappNumber;
    }

    /** The conversation's guest: typing in a subscribed conversation is routed without reading the database. */
    public String guestWhatsappNumber() {
        return guestWhatsappNumber;
    }

    public long conversationId() {
        return conversationId;
    }

    /** The department the conversation belongs to: a session that leaves it loses the feed. */
    public String department() {
        return department;
    }

    /** Held while a subscription replays history, so live messages wait behind it. */
    public void lock() {
        lock.lock();
    }

    public void unlock() {
        lock.unlock();
    }

    /**
     * Under {@link #lock()}: where a new subscriber starts. One resuming after {@code resumeAfter} starts there (never
     * beyond what is committed: {@code lastCommitted}, null when nothing is); any other starts after what is committed.
     */
    public void startAfter(Long resumeAfter, Long lastCommitted) {
        long committed = lastCommitted == null ? 0 : lastCommitted;
        lastDelivered = Math.max(lastDelivered, resumeAfter == null ? committed : Math.min(resumeAfter, committed));
    }

    /** Whether this feed has delivered (or stepped over) the message already. */
    public boolean reached(long messageId) {
        lock.lock();
        try {
            return lastDelivered >= messageId;
        } finally {
            lock.unlock();
        }
    }

    public void deliverLive(long messageId, long previousMessageId, OutboundFrame payload, OutgoingQueue out,
                            MissedMessages missed) {
        lock.lock();
        try {
            if (messageId <= lastDelivered) {
                return;
            }
            if (previousMessageId != lastDelivered) {
                fill(messageId - 1, out, missed);
            }
            if (messageId > lastDelivered) {
                out.offer(payload);
                lastDelivered = messageId;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Delivers whatever was committed after the last delivered message, up to {@code upTo} (after a bus outage, or
     * when the database shows messages the bus never brought); reads the database only when behind {@code upTo}.
     * Answers how many messages it delivered.
     */
    public int catchUp(long upTo, OutgoingQueue out, MissedMessages missed) {
        lock.lock();
        try {
            return fill(upTo, out, missed);
        } finally {
            lock.unlock();
        }
    }

    private int fill(long upTo, OutgoingQueue out, MissedMessages missed) {
        int delivered = 0;
        while (lastDelivered < upTo) {
            List<EncodedMessage> batch = missed.between(conversationId, lastDelivered, upTo);
            if (batch.isEmpty()) {
                return delivered;
            }
            for (EncodedMessage m : batch) {
                String payload = m.payloadFor(seesPrivateNotes);
                if (payload != null) {
                    out.offer(payload);
                    delivered++;
                }
                lastDelivered = m.id();
            }
        }
        return delivered;
    }
}
