package com.hotelchat.node.fanout;

import com.hotelchat.bus.Envelope;

/**
 * What one group's sessions on this node have been told of one conversation: the highest version of its state and
 * the newest message announced to the department ({@code conversation_update/new_message}). Dispatch admits an
 * envelope only if it is newer than both, under this object's monitor, so every session of the group gets a
 * conversation's state events in ascending version order, each version and each announcement at most once, whichever
 * way (local, through the bus, a repair from the database) and in whichever order the copies arrive.
 */
public final class Announced {

    private long version;
    private long messageId;
    private long checkedUpTo;
    private volatile long touchedAtNanos = System.nanoTime();

    /** {@code version}: what the group's sessions know already without being told (0: nothing). */
    Announced(long version) {
        this.version = version;
    }

    /** Whether dispatch must go through this: a state event, or a department's message announcement. */
    static boolean gates(Envelope e) {
        return e.version() > 0 || (e.kind() == Envelope.Kind.NEW_MESSAGE && e.messageId() > 0);
    }

    /** Under the monitor: true when the envelope is newer than anything told, and then it counts as told. */
    boolean admit(Envelope e) {
        touchedAtNanos = System.nanoTime();
        if (e.version() > 0) {
            if (e.version() <= version) {
                return false;
            }
            version = e.version();
        }
        if (e.kind() == Envelope.Kind.NEW_MESSAGE && e.messageId() > 0) {
            if (e.messageId() <= messageId) {
                return false;
            }
            messageId = e.messageId();
            checkedUpTo = Math.max(checkedUpTo, e.messageId());
        }
        return true;
    }

    public synchronized long version() {
        return version;
    }

    /** The newest message id this group's sessions were told of or that was found to need no announcement. */
    public synchronized long messagesCheckedUpTo() {
        return checkedUpTo;
    }

    /**
     * The sessions have the state up to {@code version} and need no announcement of messages up to {@code messageId}
     * (notes, messages announced already, or both had from the list).
     */
    synchronized void settled(long version, long messageId) {
        this.version = Math.max(this.version, version);
        checkedUpTo = Math.max(checkedUpTo, messageId);
        touchedAtNanos = System.nanoTime();
    }

    long touchedAtNanos() {
        return touchedAtNanos;
    }
}
