package com.hotelchat.node.fanout;

import com.hotelchat.bus.Bus;
import com.hotelchat.bus.Envelope;
import com.hotelchat.bus.Group;
import com.hotelchat.bus.Subscription;
import com.hotelchat.node.session.ClientSession;
import com.hotelchat.node.session.MissedMessages;
import com.hotelchat.node.session.OutboundFrame;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import com.hotelchat.node.metrics.NodeMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The groups of this node's sessions. The node holds one bus subscription per group while at least one local
 * session is in it, and hands every envelope it receives to the group's local sessions through
 * {@link DeliveryRules}. The bus only moves envelopes between nodes; who gets what is decided here.
 */
public final class LocalHub {

    private static final Logger log = LoggerFactory.getLogger(LocalHub.class);

    private final Bus bus;
    private final MissedMessages missed;
    private final NodeMetrics metrics;
    private final Map<Group, Members> groups = new ConcurrentHashMap<>();
    private final Map<String, ClientSession> sessions = new ConcurrentHashMap<>();
    private final java.util.List<Observer> observers = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Told when this node starts and stops holding a group, and of every envelope dispatched to local sessions. */
    public interface Observer {
        default void groupOpened(Group group) {
        }

        default void groupClosed(Group group) {
        }

        default void dispatched(Group group, Envelope envelope) {
        }
    }

    public LocalHub(Bus bus, MissedMessages missed, NodeMetrics metrics) {
        this.bus = bus;
        this.missed = missed;
        this.metrics = metrics;
    }

    public void observe(Observer observer) {
        observers.add(observer);
    }

    private static final class Members {
        final Set<ClientSession> sessions = ConcurrentHashMap.newKeySet();
        /** Per conversation, what this group's sessions were told of it since the node joined the group. */
        final Map<Long, Announced> announced = new ConcurrentHashMap<>();
        final java.time.Instant openedAt = java.time.Instant.now();
        Subscription subscription;
    }

    public void register(ClientSession session) {
        sessions.put(session.id(), session);
    }

    public void unregister(ClientSession session) {
        sessions.remove(session.id());
    }

    public Collection<ClientSession> sessions() {
        return sessions.values();
    }

    public int sessionCount() {
        return sessions.size();
    }

    public int groupCount() {
        return groups.size();
    }

    public void join(ClientSession session, Group group) {
        boolean[] opened = {false};
        groups.compute(group, (g, members) -> {
            Members m = members == null ? new Members() : members;
            if (m.subscription == null) {
                m.subscription = bus.subscribe(g, envelope -> dispatch(g, envelope));
                opened[0] = true;
            }
            m.sessions.add(session);
            return m;
        });
        if (opened[0]) {
            observers.forEach(o -> o.groupOpened(group));
        }
    }

    /** When this node started holding the group (it was told of nothing before), or null when it does not hold it. */
    public java.time.Instant openedAt(Group group) {
        Members members = groups.get(group);
        return members == null ? null : members.openedAt;
    }

    /** What the group's sessions were told of the conversation, or null: nothing since the node joined the group. */
    public Announced announced(Group group, long conversationId) {
        Members members = groups.get(group);
        return members == null ? null : members.announced.get(conversationId);
    }

    /**
     * The group's sessions need not be told of the conversation's messages up to {@code messageId}, nor of its state up
     * to {@code version} (they were told, or had it from elsewhere: the list). 0: nothing to settle.
     */
    public void settled(Group group, long conversationId, long version, long messageId) {
        Members members = groups.get(group);
        if (members != null) {
            members.announced.computeIfAbsent(conversationId, id -> new Announced(0)).settled(version, messageId);
        }
    }

    /** The local sessions in the group now. */
    public java.util.List<ClientSession> sessionsIn(Group group) {
        Members members = groups.get(group);
        return members == null ? java.util.List.of() : java.util.List.copyOf(members.sessions);
    }

    /** The conversations this node's sessions follow: staff subscriptions and guest sockets. */
    public java.util.Set<Long> followedConversations() {
        java.util.Set<Long> ids = new java.util.HashSet<>();
        for (ClientSession s : sessions.values()) {
            for (var feed : s.feeds()) {
                ids.add(feed.conversationId());
            }
        }
        return ids;
    }

    /** Forgets what groups were told of conversations nothing happened to for this long (memory stays bounded). */
    public void forgetQuiet(java.time.Duration quiet) {
        long before = System.nanoTime() - quiet.toNanos();
        for (Members m : groups.values()) {
            m.announced.values().removeIf(a -> a.touchedAtNanos() - before < 0);
        }
    }

    /** The department groups this node holds now (those of its staff sessions). */
    public java.util.List<String> departments() {
        return groups.keySet().stream().filter(Group::isDepartment)
                .map(Group::department).toList();
    }

    /**
     * Delivers an envelope to this node's sessions in the group as if it had come through the bus, without publishing
     * it: how events this node missed are delivered from the database to its own sessions. False when it was not:
     * the node does not hold the group, or the group's sessions were told as much or more already.
     */
    public boolean redeliver(Group group, Envelope envelope) {
        return dispatch(group, envelope);
    }

    public void leave(ClientSession session, Group group) {
        boolean[] closed = {false};
        groups.computeIfPresent(group, (g, m) -> {
            m.sessions.remove(session);
            if (m.sessions.isEmpty()) {
                m.subscription.cancel();
                closed[0] = true;
                return null;
            }
            return m;
        });
        if (closed[0]) {
            observers.forEach(o -> o.groupClosed(group));
        }
    }

    /**
     * Delivers to every local subscriber what was committed after the last message it got: run after the bus
     * may have dropped envelopes (a reconnect, a repaired subscription).
     */
    public void catchUpAll() {
        for (ClientSession session : sessions.values()) {
            for (var feed : session.feeds()) {
                try {
                    feed.catchUp(Long.MAX_VALUE, session.out(), missed);
                } catch (RuntimeException e) {
                    log.error("gap fill failed {} conversation={}", session, feed.conversationId(), e);
                }
            }
        }
    }

    /** False when the node does not hold the group, or its sessions were told as much or more already. */
    private boolean dispatch(Group group, Envelope envelope) {
        Members members = groups.get(group);
        if (members == null) {
            return false;
        }
        if (!Announced.gates(envelope)) {
            deliver(group, members, envelope);
            return true;
        }
        Announced announced = members.announced.computeIfAbsent(envelope.conversationId(), id -> new Announced(0));
        synchronized (announced) {
            if (!announced.admit(envelope)) {
                metrics.superseded(envelope.kind());
                return false;
            }
            deliver(group, members, envelope);
            return true;
        }
    }

    /** To every local session of the group, as the delivery rules decide. */
    private void deliver(Group group, Members members, Envelope envelope) {
        metrics.fanoutLatency(envelope);
        for (Observer observer : observers) {
            observer.dispatched(group, envelope);
        }
        // encoded once for every local session; a text's events are timed to each write (delivery latency)
        OutboundFrame frame = new OutboundFrame(envelope.payload(), envelope.receivedAtMicros());
        for (ClientSession session : members.sessions) {
            try {
                if (DeliveryRules.deliver(session, group, envelope, frame, missed)) {
                    metrics.delivered(envelope.kind());
                }
            } catch (RuntimeException e) {
                log.error("delivery failed {} group={} kind={} conversation={}", session, group, envelope.kind(),
                        envelope.conversationId(), e);
            }
        }
        if (envelope.kind() == Envelope.Kind.TRANSFERRED) {
            // Off the bus's thread: leaving may cancel the very subscription that is dispatching.
            Thread.startVirtualThread(() -> dropSubscriptions(envelope.conversationId()));
        }
    }

    /**
     * A transferred conversation's subscribers lose their subscription at once (the department they saw it in lost
     * it); members of the new department subscribe again after its {@code new_conversation}.
     */
    private void dropSubscriptions(long conversationId) {
        Group group = Group.conversation(conversationId);
        Members members = groups.get(group);
        if (members == null) {
            return;
        }
        for (ClientSession session : java.util.List.copyOf(members.sessions)) {
            if (session.kind() == ClientSession.Kind.STAFF && session.removeFeed(conversationId) != null) {
                leave(session, group);
                log.info("subscription dropped after transfer {} conversation={}", session, conversationId);
            }
        }
    }
}
