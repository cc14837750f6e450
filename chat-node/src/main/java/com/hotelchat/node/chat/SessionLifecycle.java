package com.hotelchat.node.chat;

import com.hotelchat.bus.Group;
import com.hotelchat.bus.Presence;
import com.hotelchat.db.staff.StaffAccount;
import com.hotelchat.db.staff.StaffDirectory;
import com.hotelchat.node.auth.Authenticator;
import com.hotelchat.node.fanout.LocalHub;
import com.hotelchat.node.session.ClientSession;
import com.hotelchat.node.session.ConversationFeed;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opening and closing staff sessions: department groups, cluster presence and {@code user_status}; and keeping
 * open sessions in step with account changes (deactivation closes them, membership changes move them).
 */
public final class SessionLifecycle {

    public static final int CLOSE_DEACTIVATED = 4401;
    public static final int CLOSE_SERVICE_RESTART = 1012;
    private static final Logger log = LoggerFactory.getLogger(SessionLifecycle.class);

    private final LocalHub hub;
    private final Presence presence;
    private final ChatEvents publish;
    private final StaffDirectory staff;
    private final Authenticator authenticator;

    public SessionLifecycle(LocalHub hub, Presence presence, ChatEvents publish, StaffDirectory staff,
                            Authenticator authenticator) {
        this.authenticator = authenticator;
        this.hub = hub;
        this.presence = presence;
        this.publish = publish;
        this.staff = staff;
    }

    public void opened(ClientSession session) {
        hub.register(session);
        for (String department : session.departments()) {
            hub.join(session, Group.department(department));
        }
        if (presence.opened(session.principalId(), session.id())) {
            publish.userStatus(session.principalId(), session.displayName(), session.departments(), true);
        }
        log.info("session opened {} departments={}", session, session.departments());
    }

    public void closed(ClientSession session) {
        if (session.handedOver()) {
            return;
        }
        leaveEverything(session);
        if (presence.closed(session.principalId(), session.id())) {
            publish.userStatus(session.principalId(), session.displayName(), session.departments(), false);
        }
        log.info("session closed {}", session);
    }

    /**
     * Drain: the session leaves its groups and its presence is handed over for {@code grace}, then its socket is
     * closed with 1012 (service restart) so the client reconnects to another node and resumes; a user who does so
     * within the grace is never announced offline.
     */
    public void handOver(ClientSession session, java.time.Duration grace) {
        session.markHandedOver();
        leaveEverything(session);
        if (session.kind() == ClientSession.Kind.STAFF) {
            presence.handOver(session.principalId(), session.id(), grace);
        }
        session.out().close(CLOSE_SERVICE_RESTART, "Node restarting: reconnect and resume");
    }

    /** The session stops receiving: its queue is closed and it leaves every group on this node. */
    private void leaveEverything(ClientSession session) {
        session.out().markClosed();
        for (ConversationFeed feed : session.feeds()) {
            hub.leave(session, Group.conversation(feed.conversationId()));
        }
        for (String department : session.departments()) {
            hub.leave(session, Group.department(department));
        }
        hub.unregister(session);
    }

    /** A user's last sessions vanished with a dead node: tell their departments, as for a normal last close. */
    public void userGone(long userId) {
        announce(userId, false);
    }

    /** A user reported gone is present again (their node was taken for dead while alive): tell their departments. */
    public void userBack(long userId) {
        announce(userId, true);
    }

    private void announce(long userId, boolean online) {
        staff.findById(userId).ifPresent(account -> publish.userStatus(userId, account.user().name(),
                account.departments(), online));
    }

    /**
     * Applies a changed account to this node's sessions of that user: deactivation closes them, a revoked token (logout,
     * password change) closes the sessions opened with it, a membership change moves them between department groups.
     */
    public void accountChanged(long userId) {
        Optional<StaffAccount> account = staff.findById(userId);
        for (ClientSession session : hub.sessions()) {
            if (!session.isStaffUser(userId)) {
                continue;
            }
            if (account.isEmpty() || !account.get().user().active() || !account.get().user().isDepartmentStaff()) {
                log.info("closing {}: account deactivated", session);
                session.out().close(CLOSE_DEACTIVATED, "Account deactivated");
                continue;
            }
            if (session.token() != null && !authenticator.stillValid(account.get(), session.token())) {
                log.info("closing {}: its token was revoked", session);
                session.out().close(CLOSE_DEACTIVATED, "Token revoked: log in again");
                continue;
            }
            moveDepartments(session, Set.copyOf(account.get().departments()));
        }
    }

    /** After the bus may have lost events: applies every account change this node may have missed. */
    public void recheckAccounts() {
        hub.sessions().stream().filter(s -> s.kind() == ClientSession.Kind.STAFF).map(ClientSession::principalId)
                .distinct().forEach(userId -> {
                    try {
                        accountChanged(userId);
                    } catch (RuntimeException e) {
                        log.warn("account re-check failed user={}", userId, e);
                    }
                });
    }

    private void moveDepartments(ClientSession session, Set<String> now) {
        Set<String> before = session.departments();
        Set<String> removed = new HashSet<>(before);
        removed.removeAll(now);
        Set<String> added = new HashSet<>(now);
        added.removeAll(before);
        session.departments(now);
        for (String department : added) {
            hub.join(session, Group.department(department));
        }
        for (String department : removed) {
            hub.leave(session, Group.department(department));
        }
        for (ConversationFeed feed : session.feeds()) {
            if (!now.contains(feed.department())) {
                session.removeFeed(feed.conversationId());
                hub.leave(session, Group.conversation(feed.conversationId()));
            }
        }
        if (!added.isEmpty() || !removed.isEmpty()) {
            log.info("moved {} departments={}", session, now);
        }
    }
}
