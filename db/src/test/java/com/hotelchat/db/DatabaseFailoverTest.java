package com.hotelchat.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.hotelchat.db.conversation.Conversations;
import com.hotelchat.db.conversation.NewConversation;
import com.hotelchat.db.message.AppendRequest;
import com.hotelchat.db.message.AppendResult;
import com.hotelchat.db.message.GroupCommit;
import com.hotelchat.db.message.MessageStore;
import com.hotelchat.db.message.Sender;
import com.hotelchat.db.staff.StaffDirectory;
import com.hotelchat.domain.SenderType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The pool and the group commit against a primary with a synchronous streaming replica (real servers,
 * {@link ReplicatedPostgres}): migrations reach the primary whichever host is named first, a primary that turns
 * read-only is left for the promoted standby, and an append whose commit's outcome a broken connection left unknown is
 * stored exactly once, or answered as unknown, never stored twice.
 */
class DatabaseFailoverTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void migrationsAndConnectionsReachThePrimaryWhenTheStandbyIsNamedFirst() {
        try (ReplicatedPostgres pg = ReplicatedPostgres.start("chat_order");
             Database database = Database.open(pg.settings(pg.urlStandbyFirst(), 2))) {
            Chat chat = Chat.on(database);
            assertInstanceOf(AppendResult.Appended.class, chat.messages.append(chat.conversation, chat.alice, "hello", null));
            assertEquals("f", ReplicatedPostgres.queryString(pg.primaryUrl(), "SELECT pg_is_in_recovery()"));
            assertEquals("1", ReplicatedPostgres.queryString(pg.primaryUrl(), "SELECT count(*) FROM messages"));
        }
    }

    @Test
    void connectionsToAPrimaryThatTurnedReadOnlyAreLeftForThePromotedStandby() {
        try (Pair pair = Pair.start("chat_fenced", 2)) {
            ReplicatedPostgres pg = pair.pg();
            Chat chat = pair.chat();
            GroupCommit group = pair.group();
            assertInstanceOf(AppendResult.Appended.class,
                    group.submit(new AppendRequest(chat.conversation, chat.alice, "before", "before")).join());
            // A switchover: the old primary is fenced (read-only, still accepting connections, the pool's connections
            // to it open and valid), the standby promoted. Every write on an old connection is refused.
            pg.fencePrimary();
            pg.promoteReplica();
            AppendResult after = group.submit(new AppendRequest(chat.conversation, chat.alice, "after", "after"))
                    .orTimeout(WAIT.toSeconds() + 10, TimeUnit.SECONDS).join();
            assertInstanceOf(AppendResult.Appended.class, after);
            assertEquals("2", ReplicatedPostgres.queryString(pg.replicaUrl(), "SELECT count(*) FROM messages"));
            assertEquals("1", ReplicatedPostgres.queryString(pg.primaryUrl(), "SELECT count(*) FROM messages"));
        }
    }

    @Test
    void anAppendWhoseCommitOutcomeIsUnknownIsStoredOnceOrAnsweredAsUnknownNeverTwice() {
        try (Pair pair = Pair.start("chat_unknown", 4)) {
            ReplicatedPostgres pg = pair.pg();
            Chat chat = pair.chat();
            GroupCommit group = pair.group();
            pg.holdCommits();

            // Without a client_message_id: committed on the primary, its connection broken before the answer.
            CompletableFuture<AppendResult> keyless = group.submit(new AppendRequest(chat.conversation, chat.alice,
                    "no key", null));
            breakConnectionsWaitingForTheStandby(pg);
            // With one: the same, and its retry (on a new connection) is held too until commits are released.
            CompletableFuture<AppendResult> keyed = group.submit(new AppendRequest(chat.conversation, chat.alice,
                    "with key", "key-1"));
            breakConnectionsWaitingForTheStandby(pg);
            awaitCommitsWaitingForTheStandby(pg);
            pg.releaseCommits();

            AppendResult keyedResult = keyed.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
            AppendResult keylessResult = keyless.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
            assertEquals("1", ReplicatedPostgres.queryString(pg.primaryUrl(),
                    "SELECT count(*) FROM messages WHERE content = 'no key'"), "committed once, never repeated");
            assertInstanceOf(AppendResult.OutcomeUnknown.class, keylessResult);
            assertEquals("1", ReplicatedPostgres.queryString(pg.primaryUrl(),
                    "SELECT count(*) FROM messages WHERE content = 'with key'"));
            long stored = Long.parseLong(ReplicatedPostgres.queryString(pg.primaryUrl(),
                    "SELECT id FROM messages WHERE content = 'with key'"));
            // The retry found what the broken connection had committed and answers it.
            assertEquals(stored, assertInstanceOf(AppendResult.Duplicate.class, keyedResult).original().id());
        }
    }

    /** Ends the connections whose commit waits for the standby: committed on the primary, never acknowledged. */
    private static void breakConnectionsWaitingForTheStandby(ReplicatedPostgres pg) {
        awaitCommitsWaitingForTheStandby(pg);
        ReplicatedPostgres.execute(pg.primaryUrl(),
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE wait_event = 'SyncRep'");
    }

    private static void awaitCommitsWaitingForTheStandby(ReplicatedPostgres pg) {
        Awaitility.await("a commit waits for the synchronous standby").atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> !"0".equals(ReplicatedPostgres.queryString(pg.primaryUrl(),
                        "SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'SyncRep'")));
    }

    /**
     * A primary with its synchronous replica, a pool given both hosts (the primary first) and a group commit with one
     * committer that waits {@link #WAIT} for the database.
     */
    private record Pair(ReplicatedPostgres pg, Database database, GroupCommit group, Chat chat) implements AutoCloseable {
        static Pair start(String name, int poolSize) {
            ReplicatedPostgres pg = ReplicatedPostgres.start(name);
            Database database = Database.open(pg.settings(pg.url(), poolSize));
            return new Pair(pg, database, new GroupCommit(new MessageStore(database), 1, 50, 100, Duration.ZERO, WAIT),
                    Chat.on(database));
        }

        @Override
        public void close() {
            group.close();
            database.close();
            pg.close();
        }
    }

    /** A department, a staff member and a conversation to write in. */
    private record Chat(MessageStore messages, Sender alice, long conversation) {
        static Chat on(Database database) {
            StaffDirectory staff = new StaffDirectory(database);
            staff.createDepartment("reception");
            long id = staff.createStaff("alice", "Alice", "department_staff", "x", List.of("reception"))
                    .orElseThrow().user().id();
            Sender alice = new Sender(SenderType.STAFF, id, "Alice");
            long conversation = new Conversations(database).open(
                    new NewConversation("+15550001", "Guest", "101", "reception", "general"), alice, null)
                    .conversation().id();
            return new Chat(new MessageStore(database), alice, conversation);
        }
    }
}
