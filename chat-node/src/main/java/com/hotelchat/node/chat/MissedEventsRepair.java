package com.hotelchat.node.chat;

import com.hotelchat.bus.Envelope;
import com.hotelchat.bus.Group;
import com.hotelchat.db.OutageLog;
import com.hotelchat.db.conversation.ConversationSnapshot;
import com.hotelchat.db.conversation.Conversations;
import com.hotelchat.db.desk.ConversationDesk;
import com.hotelchat.db.desk.Transfer;
import com.hotelchat.db.message.MessageStore;
import com.hotelchat.domain.Conversation;
import com.hotelchat.domain.StoredMessage;
import com.hotelchat.node.fanout.Announced;
import com.hotelchat.node.fanout.LocalHub;
import com.hotelchat.node.metrics.NodeMetrics;
import com.hotelchat.node.session.ClientSession;
import com.hotelchat.node.session.ConversationFeed;
import com.hotelchat.node.session.MissedMessages;
import com.hotelchat.protocol.AssigneeData;
import com.hotelchat.protocol.DeskData;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers to this node's sessions, from the database, whatever was committed that they did not hear of through the
 * bus: messages (their feeds fill the gap), the department's {@code new_message} announcements, conversation state
 * events ({@code new_conversation}, {@code conversation_update/closed}, {@code conversation_state}) and transfers
 * ({@code conversation_transferred} to the department a conversation left).
 *
 * <p>It compares the database with what the node's groups were told ({@link Announced}, the feeds' positions), so a
 * session never gets anything twice, and runs:
 * <ul>
 * <li>every {@code interval}, over the conversations changed in the last {@link #WINDOW} but at least
 * {@code interval} ago: a change whose node died (or froze, or lost its bus) between commit and publish reaches every
 * session within about two intervals of its commit, even when nothing follows it in the conversation;</li>
 * <li>after the bus regained its connection, over everything changed since events may have been lost.</li>
 * </ul>
 */
public final class MissedEventsRepair implements AutoCloseable {

    /** More changes than this in one pass: the rest waits for the next one (logged). */
    static final int MAX_CHANGES = 1_000;
    /** How far back the periodic pass looks: longer than any commit takes to become visible. */
    static final Duration WINDOW = Duration.ofSeconds(15);
    /**
     * A change this close before a group opened on this node (by the database's clock, corrected for this node's
     * measured offset from it) may have been missed by the group: it is delivered (a client holding it drops it).
     */
    static final Duration MARGIN = Duration.ofMillis(500);
    /** What a group was told of a conversation is forgotten after this long without news of it (checked every 60 passes). */
    static final Duration FORGET_AFTER = Duration.ofMinutes(10);
    private static final int PASSES_BETWEEN_FORGETTING = 60;

    private static final Logger log = LoggerFactory.getLogger(MissedEventsRepair.class);

    private final LocalHub hub;
    private final Conversations conversations;
    private final MessageStore messages;
    private final ConversationDesk desk;
    private final EventFactory events;
    private final MissedMessages missed;
    private final NodeMetrics metrics;
    private final Duration interval;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final OutageLog outage = new OutageLog(log, "missed events repair rounds");
    private int passes;
    /** The database's clock minus this node's, measured at each pass (0 until the first). */
    private Duration databaseOffset = Duration.ZERO;

    public MissedEventsRepair(LocalHub hub, Conversations conversations, MessageStore messages, ConversationDesk desk,
                              EventFactory events, MissedMessages missed, NodeMetrics metrics, Duration interval,
                              Clock clock) {
        this.hub = hub;
        this.conversations = conversations;
        this.messages = messages;
        this.desk = desk;
        this.events = events;
        this.missed = missed;
        this.metrics = metrics;
        this.interval = interval;
        this.clock = clock;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("missed-events-repair").daemon().factory());
        scheduler.scheduleWithFixedDelay(this::sweep, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** After the bus may have lost events published from {@code since} on: everything changed since then. */
    public synchronized void repairSince(Instant since) {
        repair(since, Duration.ZERO);
    }

    /** The periodic pass; a failure (the database away) is logged once and tried again at the next interval. */
    synchronized void sweep() {
        try {
            repair(clock.instant().minus(WINDOW), interval);
            if (++passes % PASSES_BETWEEN_FORGETTING == 0) {
                hub.forgetQuiet(FORGET_AFTER);
            }
            outage.worked();
        } catch (RuntimeException e) {
            outage.failed(e);
        }
    }

    private void repair(Instant since, Duration settle) {
        measureDatabaseOffset();
        List<String> departments = hub.departments();
        List<Conversation> changed = conversations.changedSince(departments, hub.followedConversations(), since, settle,
                MAX_CHANGES);
        // Transfers first: a department a conversation joined hears new_conversation, not a state change.
        for (Transfer t : desk.transfersSince(departments, since, MAX_CHANGES)) {
            repairTransfer(t);
        }
        for (Conversation c : changed) {
            fillFeeds(c);
            if (departments.contains(c.department())) {
                repairDepartment(Group.department(c.department()), c);
            }
        }
        if (changed.size() == MAX_CHANGES) {
            log.warn("more than {} conversations changed since {}: the rest is repaired in a later pass", MAX_CHANGES,
                    since);
        }
    }

    /** How far the database's clock is ahead of this node's (a round trip's half is the uncertainty). */
    private void measureDatabaseOffset() {
        Instant before = clock.instant();
        Instant database = conversations.databaseNow();
        Instant after = clock.instant();
        Duration halfTrip = Duration.between(before, after).dividedBy(2);
        databaseOffset = Duration.between(before.plus(halfTrip), database);
    }

    /** When, by the database's clock, the group's sessions may have begun to miss nothing; null when not held. */
    private Instant heardFrom(Group group) {
        Instant opened = hub.openedAt(group);
        return opened == null ? null : opened.plus(databaseOffset).minus(MARGIN);
    }

    /** Staff subscribers and guest sockets of the conversation get the messages they lack, in order. */
    private void fillFeeds(Conversation c) {
        if (c.lastMessageId() == null) {
            return;
        }
        fillFeeds(c, hub.sessionsIn(Group.conversation(c.id())));
        fillFeeds(c, hub.sessionsIn(Group.guest(c.guestWhatsappNumber())));
    }

    private void fillFeeds(Conversation c, List<ClientSession> sessions) {
        for (ClientSession session : sessions) {
            ConversationFeed feed = session.feed(c.id());
            if (feed != null && feed.catchUp(c.lastMessageId(), session.out(), missed) > 0) {
                metrics.repaired("message");
                log.info("messages the bus did not bring delivered from the database {} conversation={}", session,
                        c.id());
            }
        }
    }

    /**
     * A group told of a version compares versions; one told of none (versions start at 1) had the conversation's
     * state from the list if it changed before the group opened on this node. Messages likewise, by id and time.
     */
    private void repairDepartment(Group department, Conversation c) {
        Instant heardFrom = heardFrom(department);
        if (heardFrom == null) {
            return;
        }
        Announced told = hub.announced(department, c.id());
        long toldVersion = told == null ? 0 : told.version();
        boolean stateMissed = toldVersion > 0 ? toldVersion < c.version()
                : c.versionAt() != null && !c.versionAt().isBefore(heardFrom);
        if (stateMissed) {
            boolean opened = toldVersion == 0 && !c.createdAt().isBefore(heardFrom);
            conversations.snapshot(c.id())
                    .filter(now -> now.department().equals(department.department()))
                    .ifPresent(now -> deliverState(department, now, opened));
        }
        announceLatestMessage(department, c, told == null ? 0 : told.messagesCheckedUpTo(), heardFrom);
        // What the group's sessions have now (told, or had from the list): the next pass does not take it for news.
        hub.settled(department, c.id(), stateMissed ? 0 : c.version(), c.lastMessageId() == null ? 0 : c.lastMessageId());
    }

    /**
     * The conversation's state as the department's sessions should see it: opened since they joined, closed, or any
     * other change ({@code conversation_state}).
     */
    private void deliverState(Group department, ConversationSnapshot now, boolean newToThem) {
        Conversation c = now.conversation();
        String what;
        if (c.isClosed()) {
            Envelope closed = Envelope.versioned(Envelope.Kind.CLOSED, c.id(), c.version(), c.department(),
                    events.closed(now));
            hub.redeliver(Group.conversation(c.id()), closed);
            what = hub.redeliver(department, closed) ? "closed" : null;
        } else if (newToThem) {
            what = hub.redeliver(department, Envelope.versioned(Envelope.Kind.NEW_CONVERSATION, c.id(), c.version(),
                    c.department(), events.newConversation(now))) ? "new_conversation" : null;
        } else {
            what = hub.redeliver(department, Envelope.versioned(Envelope.Kind.DESK, c.id(), c.version(), c.department(),
                    events.state(now))) ? "state" : null;
        }
        if (what != null) {
            metrics.repaired(what);
            log.info("conversation change the bus did not bring delivered from the database: {} version={} "
                    + "conversation={} group={}", what, c.version(), c.id(), department);
        }
    }

    /** The department's sessions are told of the latest message the guest sees, if they were not. */
    private void announceLatestMessage(Group department, Conversation c, long checkedUpTo, Instant heardFrom) {
        Long last = c.lastMessageId();
        if (last == null || last <= checkedUpTo) {
            return;
        }
        // No last message time with a last message: only activity entries, nothing to announce.
        if (checkedUpTo > 0 || (c.lastMessageAt() != null && !c.lastMessageAt().isBefore(heardFrom))) {
            StoredMessage latest = messages.latestPublic(c.id()).orElse(null);
            boolean unannounced = latest != null && (checkedUpTo > 0 ? latest.id() > checkedUpTo
                    : !latest.createdAt().isBefore(heardFrom));
            if (unannounced && hub.redeliver(department, new Envelope(Envelope.Kind.NEW_MESSAGE, c.id(), latest.id(), 0,
                    c.department(), null, 0, events.newMessageUpdate(latest, c)))) {
                metrics.repaired("new_message");
                log.info("message announcement the bus did not bring delivered from the database message={} "
                        + "conversation={} group={}", latest.id(), c.id(), department);
            }
        }
    }

    /**
     * A transfer this node's sessions did not hear of: the department it left hears {@code conversation_transferred}
     * (and this node's subscribers lose the conversation), the one it joined {@code new_conversation}.
     */
    private void repairTransfer(Transfer t) {
        Group from = Group.department(t.fromDepartment());
        Group to = Group.department(t.toDepartment());
        boolean fromMissed = missed(from, t);
        boolean toMissed = missed(to, t);
        if (!fromMissed && !toMissed) {
            return;
        }
        ConversationSnapshot now = conversations.snapshot(t.conversationId()).orElse(null);
        if (now == null) {
            return;
        }
        if (fromMissed && !now.department().equals(t.fromDepartment())) {
            Envelope left = Envelope.versioned(Envelope.Kind.TRANSFERRED, now.id(), now.version(), t.fromDepartment(),
                    events.transferred(t.fromDepartment(), now, t.note(), by(t)));
            hub.redeliver(Group.conversation(now.id()), left);
            if (hub.redeliver(from, left)) {
                metrics.repaired("transferred");
                log.info("transfer the bus did not bring delivered from the database conversation={} from={}",
                        now.id(), t.fromDepartment());
            }
        }
        if (toMissed && now.department().equals(t.toDepartment()) && hub.redeliver(to, Envelope.versioned(
                Envelope.Kind.NEW_CONVERSATION, now.id(), now.version(), now.department(), events.newConversation(now,
                        new DeskData.TransferredFrom(t.fromDepartment(), t.note(), by(t)))))) {
            metrics.repaired("new_conversation");
            log.info("transfer the bus did not bring delivered from the database conversation={} to={}", now.id(),
                    t.toDepartment());
        }
    }

    private static AssigneeData by(Transfer t) {
        return AssigneeData.of(t.byUserId(), t.byUserName());
    }

    /** Whether the node holds the group and its sessions did not hear of the transfer. */
    private boolean missed(Group group, Transfer t) {
        Instant heardFrom = heardFrom(group);
        if (heardFrom == null) {
            return false;
        }
        Announced told = hub.announced(group, t.conversationId());
        long toldVersion = told == null ? 0 : told.version();
        return toldVersion > 0 ? toldVersion < (t.version() == null ? 0 : t.version())
                : !t.createdAt().isBefore(heardFrom);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
