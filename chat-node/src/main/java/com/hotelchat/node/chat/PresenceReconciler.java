package com.hotelchat.node.chat;

import com.hotelchat.bus.Envelope;
import com.hotelchat.bus.Group;
import com.hotelchat.bus.Presence;
import com.hotelchat.db.staff.Colleague;
import com.hotelchat.db.staff.StaffDirectory;
import com.hotelchat.node.fanout.LocalHub;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers what this node's staff sessions were last told about each colleague's presence (per department: the
 * state when the node began holding the department, then every {@code user_status} it delivered), and after the bus
 * may have lost events compares that with the cluster's presence now: each difference is delivered to the local
 * sessions of that department as the {@code user_status} they missed.
 */
public final class PresenceReconciler implements LocalHub.Observer, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PresenceReconciler.class);
    private static final int MAX_ATTEMPTS = 20;

    private record Key(String department, long userId) {}

    private final LocalHub hub;
    private final StaffDirectory staff;
    private final Presence presence;
    private final EventFactory events;
    private final Duration settle;
    private final Map<Key, Boolean> told = new ConcurrentHashMap<>();
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "presence-reconciler");
        t.setDaemon(true);
        return t;
    });

    /** {@code settle}: how long to wait after a resync for every node to have written its sessions to Redis again. */
    public PresenceReconciler(LocalHub hub, StaffDirectory staff, Presence presence, EventFactory events, Duration settle) {
        this.hub = hub;
        this.staff = staff;
        this.presence = presence;
        this.events = events;
        this.settle = settle;
    }

    @Override
    public void groupOpened(Group group) {
        if (group.isDepartment()) {
            worker.execute(() -> seed(group.department()));
        }
    }

    /** Nobody here is told anything about the department any more: what they were told no longer matters. */
    @Override
    public void groupClosed(Group group) {
        if (group.isDepartment()) {
            String department = group.department();
            worker.execute(() -> told.keySet().removeIf(k -> k.department().equals(department)));
        }
    }

    @Override
    public void dispatched(Group group, Envelope envelope) {
        if (envelope.kind() == Envelope.Kind.USER_STATUS && envelope.department() != null) {
            told.put(new Key(envelope.department(), envelope.originUser()), events.isConnected(envelope.payload()));
        }
    }

    /**
     * Starts what the sessions know: what the cluster says now, unless an event said otherwise meanwhile. Unreadable
     * presence leaves it unknown (a colleague then found online is announced, which a client applies harmlessly).
     */
    private void seed(String department) {
        try {
            List<Colleague> members = staff.membersOf(department);
            presence.onlineNow(members.stream().map(Colleague::userId).toList()).ifPresent(online -> {
                for (Colleague member : members) {
                    told.putIfAbsent(new Key(department, member.userId()), online.contains(member.userId()));
                }
            });
        } catch (RuntimeException e) {
            log.warn("presence baseline for department={} not read: {}", department, e.toString());
        }
    }

    /** After a resync: compares, once the cluster's presence has settled (and again while it cannot be read). */
    public void reconcileSoon() {
        schedule(MAX_ATTEMPTS);
    }

    private void schedule(int attemptsLeft) {
        worker.schedule(() -> reconcileAll(attemptsLeft), settle.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void reconcileAll(int attemptsLeft) {
        boolean unreadable = false;
        for (String department : hub.departments()) {
            try {
                unreadable |= !reconcile(department);
            } catch (RuntimeException e) {
                log.warn("presence reconciliation failed department={}: {}", department, e.toString());
            }
        }
        if (unreadable && attemptsLeft > 1) {
            schedule(attemptsLeft - 1);
        } else if (unreadable) {
            log.warn("presence stayed unreadable; colleagues' status is compared again at the next resync");
        }
    }

    /**
     * Only against the cluster's real presence (this node's own sessions alone would make everyone else "gone");
     * false when it could not be read.
     */
    private boolean reconcile(String department) {
        List<Colleague> members = staff.membersOf(department);
        Optional<Set<Long>> known = presence.onlineNow(members.stream().map(Colleague::userId).toList());
        if (known.isEmpty()) {
            return false;
        }
        Set<Long> online = known.get();
        for (Colleague member : members) {
            boolean now = online.contains(member.userId());
            Boolean before = told.put(new Key(department, member.userId()), now);
            if (before == null ? now : before != now) {
                log.info("presence changed while cut off: user={} department={} online={}", member.userId(), department, now);
                hub.redeliver(Group.department(department),
                        events.userStatus(member.userId(), member.displayName(), department, now));
            }
        }
        return true;
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
