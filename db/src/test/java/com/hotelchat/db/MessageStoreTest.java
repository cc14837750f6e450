package com.hotelchat.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hotelchat.db.conversation.Conversations;
import com.hotelchat.db.conversation.NewConversation;
import com.hotelchat.db.message.AppendRequest;
import com.hotelchat.db.message.AppendResult;
import com.hotelchat.db.message.MessageStore;
import com.hotelchat.db.message.Sender;
import com.hotelchat.db.staff.StaffDirectory;
import com.hotelchat.domain.SenderType;
import com.hotelchat.domain.StoredMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MessageStoreTest {

    private static DbSettings settings;
    private static Database database;
    private static MessageStore messages;
    private static Conversations conversations;
    private static Sender alice;
    private static com.hotelchat.domain.Activity.Person aliceActs;

    @BeforeAll
    static void start() {
        settings = TestPostgres.freshDatabase();
        database = Database.open(settings);
        messages = new MessageStore(database);
        conversations = new Conversations(database);
        StaffDirectory staff = new StaffDirectory(database);
        staff.createDepartment("reception");
        long id = staff.createStaff("alice", "Alice", "department_staff", "x", List.of("reception")).orElseThrow().user().id();
        alice = new Sender(SenderType.STAFF, id, "Alice");
        aliceActs = new com.hotelchat.domain.Activity.Person(id, "Alice");
    }

    @AfterAll
    static void stop() {
        database.close();
    }

    private long newConversation() {
        return conversations.open(new NewConversation("+15550001", "Guest", "101", "reception", "general"), alice, null)
                .conversation().id();
    }

    @Test
    void appendsLinkEachMessageToThePreviousOne() {
        long c = newConversation();
        var first = assertInstanceOf(AppendResult.Appended.class, messages.append(c, alice, "one", null));
        var second = assertInstanceOf(AppendResult.Appended.class, messages.append(c, alice, "two", null));
        assertNull(first.previousMessageId());
        assertEquals(first.message().id(), second.previousMessageId());
        assertEquals("two", second.conversation().lastMessagePreview());
    }

    @Test
    void retriedClientMessageIdStoresNothingNewAndReturnsTheOriginal() {
        long c = newConversation();
        var original = assertInstanceOf(AppendResult.Appended.class, messages.append(c, alice, "hi", "k1"));
        var retry = assertInstanceOf(AppendResult.Duplicate.class, messages.append(c, alice, "hi again", "k1"));
        assertEquals(original.message(), retry.original());
        assertEquals(1, messages.history(c, null, 50).size());
    }

    @Test
    void concurrentRetriesOfOneClientMessageIdStoreOneRow() throws Exception {
        long c = newConversation();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<AppendResult>> tasks = Collections.nCopies(16, () -> messages.append(c, alice, "once", "same"));
        long appended = 0;
        for (Future<AppendResult> f : pool.invokeAll(tasks)) {
            if (f.get() instanceof AppendResult.Appended) {
                appended++;
            }
        }
        pool.shutdown();
        assertEquals(1, appended);
        assertEquals(1, messages.history(c, null, 50).size());
    }

    @Test
    void concurrentAppendsFormOneUnbrokenChainInIdOrder() throws Exception {
        long c = newConversation();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<AppendResult>> tasks = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String text = "m" + i;
            tasks.add(() -> messages.append(c, alice, text, null));
        }
        List<AppendResult.Appended> results = new ArrayList<>();
        for (Future<AppendResult> f : pool.invokeAll(tasks)) {
            results.add((AppendResult.Appended) f.get());
        }
        pool.shutdown();
        results.sort((a, b) -> Long.compare(a.message().id(), b.message().id()));
        Long previous = null;
        for (AppendResult.Appended r : results) {
            assertEquals(previous, r.previousMessageId());
            previous = r.message().id();
        }
    }

    @Test
    void closedConversationRejectsNewMessages() {
        long c = newConversation();
        messages.append(c, alice, "before", "k-before");
        assertTrue(conversations.close(c, aliceActs).orElseThrow().changed());
        assertInstanceOf(AppendResult.ConversationClosed.class, messages.append(c, alice, "after", null));
        assertInstanceOf(AppendResult.Duplicate.class, messages.append(c, alice, "before", "k-before"));
        assertEquals(List.of("Alice closed this conversation", "before"),
                messages.history(c, null, 50).stream().map(StoredMessage::content).toList(), "the closing's entry");
        assertEquals(false, conversations.close(c, aliceActs).orElseThrow().changed());
        assertEquals(2, messages.history(c, null, 50).size(), "closing again writes no entry");
    }

    /**
     * An activity entry takes its place after the last message (its predecessor) and leaves the conversation as a note
     * does, the time of its last message included; append_message and the node's fold agree on it.
     */
    @Test
    void anActivityEntryFollowsTheLastMessageAndLeavesTheConversationAsANoteWould() {
        long c = newConversation();
        Sender guest = new Sender(SenderType.GUEST, conversations.find(c).orElseThrow().guestId(), "Guest");
        var asked = assertInstanceOf(AppendResult.Appended.class, messages.append(c, guest, "Is breakfast included?", null));
        var before = conversations.find(c).orElseThrow();
        var closed = conversations.close(c, aliceActs).orElseThrow();
        StoredMessage entry = closed.entry().message();
        assertEquals(asked.message().id(), closed.entry().previousMessageId());
        assertTrue(entry.privateNote());
        assertEquals(new com.hotelchat.domain.Activity.Closed(aliceActs), entry.activity());
        assertEquals(entry, messages.history(c, null, 1).get(0), "read back with its facts");
        var stored = conversations.find(c).orElseThrow();
        var folded = before.withLastMessage(entry, null);
        for (var row : List.of(stored, folded)) {
            assertEquals(entry.id(), row.lastMessageId());
            assertEquals(asked.message().createdAt(), row.lastMessageAt(), "the last message's time, not the entry's");
            assertEquals("Is breakfast included?", row.lastMessagePreview());
        }
        assertEquals(before.waitingSince(), folded.waitingSince(), "the guest still waits");
    }

    @Test
    void unknownConversationIsReported() {
        assertInstanceOf(AppendResult.ConversationNotFound.class, messages.append(999_999, alice, "x", null));
    }

    @Test
    void historyPagesBackwardsAndBetweenReadsForwards() {
        long c = newConversation();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(((AppendResult.Appended) messages.append(c, alice, "m" + i, null)).message().id());
        }
        List<StoredMessage> newest = messages.history(c, null, 2);
        assertEquals(List.of(ids.get(4), ids.get(3)), newest.stream().map(StoredMessage::id).toList());
        List<StoredMessage> older = messages.history(c, ids.get(3), 2);
        assertEquals(List.of(ids.get(2), ids.get(1)), older.stream().map(StoredMessage::id).toList());
        assertEquals(List.of(ids.get(2), ids.get(3), ids.get(4)),
                messages.between(c, ids.get(1), Long.MAX_VALUE).stream().map(StoredMessage::id).toList());
    }

    @Test
    void aBatchAppendsInOrderWithTheSameResultsAsAppendingEachAlone() {
        long a = newConversation();
        long b = newConversation();
        long closed = newConversation();
        conversations.close(closed, aliceActs);
        var results = messages.appendAll(List.of(
                new com.hotelchat.db.message.AppendRequest(b, alice, "b1", "batch-b1"),
                new com.hotelchat.db.message.AppendRequest(a, alice, "a1", null),
                new com.hotelchat.db.message.AppendRequest(b, alice, "b2", null),
                new com.hotelchat.db.message.AppendRequest(b, alice, "b1 again", "batch-b1"),
                new com.hotelchat.db.message.AppendRequest(closed, alice, "late", null),
                new com.hotelchat.db.message.AppendRequest(a, alice, "hidden", null, java.util.Set.of(), List.of()),
                new com.hotelchat.db.message.AppendRequest(999_999, alice, "nowhere", null)));
        var b1 = assertInstanceOf(AppendResult.Appended.class, results.get(0));
        var a1 = assertInstanceOf(AppendResult.Appended.class, results.get(1));
        var b2 = assertInstanceOf(AppendResult.Appended.class, results.get(2));
        assertNull(b1.previousMessageId());
        assertNull(a1.previousMessageId());
        assertEquals(b1.message().id(), b2.previousMessageId());
        assertEquals(b1.message().id(), assertInstanceOf(AppendResult.Duplicate.class, results.get(3)).original().id());
        assertInstanceOf(AppendResult.ConversationClosed.class, results.get(4));
        assertInstanceOf(AppendResult.ConversationNotFound.class, results.get(5));
        assertInstanceOf(AppendResult.ConversationNotFound.class, results.get(6));
        var stored = conversations.find(b).orElseThrow();
        assertEquals(b2.message().id(), stored.lastMessageId());
        assertEquals("b2", stored.lastMessagePreview());
        assertEquals(List.of("b1", "b2"), messages.between(b, 0, Long.MAX_VALUE).stream().map(StoredMessage::content).toList());
    }

    /**
     * The one-statement batch (append_batch) appends what a transaction would, with the same answers, and leaves the
     * rest, unwritten, to the ordinary path: together they answer exactly as appending each alone.
     */
    @Test
    void theOneStatementBatchAnswersLikeTheTransactionAndLeavesTheRestUnwritten() {
        long a = newConversation();
        long b = newConversation();
        long closed = newConversation();
        conversations.close(closed, aliceActs);
        long reopened = newConversation();
        conversations.close(reopened, aliceActs);
        long answered = newConversation();
        conversations.close(answered, aliceActs);
        Sender guest = new Sender(SenderType.GUEST, conversations.find(reopened).orElseThrow().guestId(), "Guest");
        List<AppendRequest> requests = List.of(
                new AppendRequest(b, alice, "b1", "one-b1"),
                new AppendRequest(a, alice, "a1", null, java.util.Set.of("reception"), List.of()),
                new AppendRequest(b, alice, "b2", null),
                new AppendRequest(b, alice, "b1 again", "one-b1"),
                new AppendRequest(closed, alice, "late", null),
                new AppendRequest(a, alice, "hidden", null, java.util.Set.of("housekeeping"), List.of()),
                new AppendRequest(999_999, alice, "nowhere", null),
                new AppendRequest(reopened, guest, "I am back", null),
                new AppendRequest(reopened, guest, "hello?", null),
                new AppendRequest(a, alice, "with a file", null, null, List.of("no-such-upload")),
                new AppendRequest(a, alice, "after the file", null),
                new AppendRequest(answered, guest, "anyone there?", null),
                new AppendRequest(answered, alice, "welcome back", null));
        int before = messages.between(a, 0, Long.MAX_VALUE).size();
        List<AppendResult> fast = messages.appendInOneStatement(requests);
        var b1 = assertInstanceOf(AppendResult.Appended.class, fast.get(0));
        var a1 = assertInstanceOf(AppendResult.Appended.class, fast.get(1));
        var b2 = assertInstanceOf(AppendResult.Appended.class, fast.get(2));
        assertNull(b1.previousMessageId());
        assertEquals(b1.message().id(), b2.previousMessageId());
        assertEquals("b2", b2.conversation().lastMessagePreview());
        assertTrue(a1.message().id() > b1.message().id() && b2.message().id() > a1.message().id(), "ids in batch order");
        for (int i : new int[] {3, 4, 5, 6, 9, 10, 11, 12}) {
            assertNull(fast.get(i), "left to the ordinary path: " + requests.get(i).content());
        }
        var back = assertInstanceOf(AppendResult.Appended.class, fast.get(7));
        assertEquals("closed", back.reopenedFrom());
        assertEquals("active", back.conversation().status());
        assertEquals(back.message().createdAt(), back.conversation().waitingSince());
        var again = assertInstanceOf(AppendResult.Appended.class, fast.get(8));
        assertEquals(back.message().id(), again.previousMessageId());
        assertNull(again.reopenedFrom());
        assertEquals(back.message().createdAt(), again.conversation().waitingSince(), "the wait began with the first");
        assertEquals(before + 1, messages.between(a, 0, Long.MAX_VALUE).size(), "only a1 was written in a");
        assertStoredAsAnswered(reopened, again);

        // A closed conversation getting a staff message is held back whole: the ordinary path keeps its order.
        List<AppendRequest> rest = List.of(requests.get(3), requests.get(4), requests.get(5), requests.get(6),
                requests.get(11), requests.get(12));
        List<AppendResult> ordinary = messages.appendAll(rest);
        assertEquals(b1.message().id(), assertInstanceOf(AppendResult.Duplicate.class, ordinary.get(0)).original().id());
        assertInstanceOf(AppendResult.ConversationClosed.class, ordinary.get(1));
        assertInstanceOf(AppendResult.ConversationNotFound.class, ordinary.get(2));
        assertInstanceOf(AppendResult.ConversationNotFound.class, ordinary.get(3));
        var anyone = assertInstanceOf(AppendResult.Appended.class, ordinary.get(4));
        assertEquals("closed", anyone.reopenedFrom());
        var welcome = assertInstanceOf(AppendResult.Appended.class, ordinary.get(5));
        assertEquals(anyone.message().id(), welcome.previousMessageId());
        assertNull(welcome.conversation().waitingSince(), "a staff reply ends the wait");
    }

    /**
     * A batch with several messages per conversation leaves each conversation as appending them one by one would:
     * the answers (each folded onto the one before) and the stored row agree on the last message, the status and
     * the guest's wait (a staff reply ends it, the guest's next message starts a new one).
     */
    @Test
    void aBatchWithManyMessagesPerConversationLeavesEachAsAppendingOneByOneWould() {
        long c = newConversation();
        long d = newConversation();
        Sender guest = new Sender(SenderType.GUEST, conversations.find(c).orElseThrow().guestId(), "Guest");
        List<AppendRequest> batch = List.of(
                new AppendRequest(c, guest, "g1", null),
                new AppendRequest(d, guest, "d1", null),
                new AppendRequest(c, alice, "s1", null),
                new AppendRequest(c, guest, "g2", null),
                new AppendRequest(d, guest, "d2", null),
                new AppendRequest(c, guest, "g3", null),
                new AppendRequest(d, alice, "d3", null));
        List<AppendResult> fast = messages.appendInOneStatement(batch);
        List<AppendResult.Appended> appended = fast.stream().map(r -> assertInstanceOf(AppendResult.Appended.class, r)).toList();
        assertEquals(appended.get(0).message().createdAt(), appended.get(0).conversation().waitingSince());
        assertNull(appended.get(2).conversation().waitingSince());
        assertEquals(appended.get(2).message().id(), appended.get(3).previousMessageId());
        assertEquals(appended.get(3).message().createdAt(), appended.get(5).conversation().waitingSince());
        assertEquals(List.of("g1", "s1", "g2", "g3"),
                messages.between(c, 0, Long.MAX_VALUE).stream().map(StoredMessage::content).toList());
        assertStoredAsAnswered(c, appended.get(5));
        assertStoredAsAnswered(d, appended.get(6));
        assertNull(conversations.find(d).orElseThrow().waitingSince());
    }

    private static void assertStoredAsAnswered(long conversation, AppendResult.Appended last) {
        var stored = conversations.find(conversation).orElseThrow();
        assertEquals(last.message().id(), stored.lastMessageId());
        assertEquals(last.message().createdAt(), stored.lastMessageAt());
        assertEquals(last.conversation().lastMessagePreview(), stored.lastMessagePreview());
        assertEquals(last.conversation().status(), stored.status());
        assertEquals(last.conversation().waitingSince(), stored.waitingSince());
        assertEquals(last.conversation().snoozedUntil(), stored.snoozedUntil());
    }

    /** PostgreSQL refuses a NUL character in text: a way to make one message of a batch fail. */
    private static final String UNSTORABLE = "bad \u0000 byte";

    @Test
    void aFailingOneStatementBatchWritesNothing() {
        long c = newConversation();
        assertThrows(org.apache.ibatis.exceptions.PersistenceException.class, () -> messages.appendInOneStatement(List.of(
                new AppendRequest(c, alice, "fine", null), new AppendRequest(c, alice, UNSTORABLE, null))));
        assertEquals(List.of(), messages.between(c, 0, Long.MAX_VALUE));
    }

    @Test
    void repliesOverWhatsAppShareTheGroupCommitAndAreQueuedOrRefusedByTheGuestsWindow() throws Exception {
        long open = newConversation();
        long expired = newConversation();
        long webChat = newConversation();
        assertEquals(3, java.util.Set.of(open, expired, webChat).size());
        guestWrote(open, java.time.Duration.ofHours(1));
        guestWrote(expired, java.time.Duration.ofHours(25));
        java.util.Set<String> reception = java.util.Set.of("reception");
        List<AppendRequest> batch = List.of(
                new AppendRequest(open, alice, "over whatsapp", "wa-1", reception, List.of(), true),
                new AppendRequest(expired, alice, "too late", "wa-2", reception, List.of(), true),
                new AppendRequest(webChat, alice, "web chat only", "wa-3", reception, List.of(), true),
                new AppendRequest(open, alice, "over whatsapp again", "wa-4", reception, List.of(), true));

        // The one-statement path appends only what needs no window check and no outbox row.
        List<AppendResult> fast = messages.appendInOneStatement(batch);
        assertNull(fast.get(0));
        assertNull(fast.get(1));
        var web = assertInstanceOf(AppendResult.Appended.class, fast.get(2));
        assertNull(fast.get(3));

        List<AppendResult> group = new ArrayList<>();
        try (var commit = new com.hotelchat.db.message.GroupCommit(messages, 1, 50, 100)) {
            List<java.util.concurrent.CompletableFuture<AppendResult>> pending = batch.stream().map(commit::submit).toList();
            for (var p : pending) {
                group.add(p.get());
            }
        }
        var first = assertInstanceOf(AppendResult.Appended.class, group.get(0));
        assertInstanceOf(AppendResult.WindowClosed.class, group.get(1));
        assertEquals(web.message(), assertInstanceOf(AppendResult.Duplicate.class, group.get(2)).original());
        var second = assertInstanceOf(AppendResult.Appended.class, group.get(3));
        assertEquals(first.message().id(), second.previousMessageId());
        assertEquals(List.of(first.message().id(), second.message().id()), outboxMessageIds(open));
        assertEquals(List.of(), outboxMessageIds(webChat));
        assertEquals(List.of(), messages.between(expired, 0, Long.MAX_VALUE));
    }

    private static void guestWrote(long conversation, java.time.Duration ago) {
        database.withConnection(c -> {
            try (var st = c.prepareStatement("UPDATE conversations SET last_guest_message_at = now() - ? * interval '1 second' WHERE id = ?")) {
                st.setLong(1, ago.toSeconds());
                st.setLong(2, conversation);
                return st.executeUpdate();
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** The messages of a conversation queued for WhatsApp, each with its delivery marked pending. */
    private static List<Long> outboxMessageIds(long conversation) {
        return firstColumn("SELECT o.message_id FROM whatsapp_outbox o JOIN messages m ON m.id = o.message_id"
                + " WHERE m.conversation_id = ? AND m.delivery_status = 'pending' ORDER BY o.message_id", Long.class,
                st -> st.setLong(1, conversation));
    }

    private interface Parameters {
        void set(java.sql.PreparedStatement statement) throws java.sql.SQLException;
    }

    /** The first column of every row a query answers. */
    private static <T> List<T> firstColumn(String sql, Class<T> type, Parameters parameters) {
        return database.withConnection(c -> {
            try (var st = c.prepareStatement(sql)) {
                parameters.set(st);
                List<T> values = new ArrayList<>();
                try (var rs = st.executeQuery()) {
                    while (rs.next()) {
                        values.add(rs.getObject(1, type));
                    }
                }
                return values;
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** An inbound message's provider id (external_id) is stored once: a redelivery is answered with the original. */
    @Test
    void aRedeliveredExternalIdStoresNothingNewAndReturnsTheOriginal() {
        long c = newConversation();
        Sender guest = new Sender(SenderType.GUEST, conversations.find(c).orElseThrow().guestId(), "Guest");
        var first = assertInstanceOf(AppendResult.Appended.class, database.inTransaction(
                s -> MessageStore.appendIn(s, c, guest, "hello", "wamid.redelivered", null)));
        var again = assertInstanceOf(AppendResult.Duplicate.class, database.inTransaction(
                s -> MessageStore.appendIn(s, c, guest, "hello", "wamid.redelivered", null)));
        assertEquals(first.message().id(), again.original().id());
        assertInstanceOf(AppendResult.Appended.class, database.inTransaction(
                s -> MessageStore.appendIn(s, c, guest, "and without an id", null, null)));
        assertInstanceOf(AppendResult.Appended.class, database.inTransaction(
                s -> MessageStore.appendIn(s, c, guest, "twice without an id", null, null)));
        assertEquals(List.of("hello", "and without an id", "twice without an id"),
                messages.between(c, 0, Long.MAX_VALUE).stream().map(StoredMessage::content).toList());
    }

    /**
     * The one-statement batch looks a client_message_id up before it writes. Appends to one conversation are ordered by
     * its row lock, but a sender may reuse an id in another conversation: when another transaction commits that between
     * the look-up and the insert, the whole statement fails and writes nothing (the unique index waits for that
     * transaction, then refuses). The ordinary path then answers the retry with its original.
     */
    @Test
    void aBatchWhoseRetryAnotherTransactionCommitsMeanwhileWritesNothing() throws Exception {
        long c = newConversation();
        List<AppendRequest> batch = List.of(new AppendRequest(c, alice, "before the retry", null),
                new AppendRequest(c, alice, "sent again", "race-1"));
        ExecutorService appender = Executors.newSingleThreadExecutor();
        try (var other = uncommittedElsewhere("race-1")) {
            Future<List<AppendResult>> fast = appender.submit(() -> messages.appendInOneStatement(batch));
            awaitABackendWaitingForALock();
            other.connection().commit();
            var failure = assertThrows(java.util.concurrent.ExecutionException.class, fast::get);
            assertInstanceOf(org.apache.ibatis.exceptions.PersistenceException.class, failure.getCause());
            assertEquals(List.of(), messages.between(c, 0, Long.MAX_VALUE));
            List<AppendResult> ordinary = messages.appendAll(batch);
            assertInstanceOf(AppendResult.Appended.class, ordinary.get(0));
            assertEquals(other.messageId(), assertInstanceOf(AppendResult.Duplicate.class, ordinary.get(1)).original().id());
        } finally {
            appender.shutdown();
        }
    }

    /** The same race through the group commit: the retry is answered with its original, nothing is stored twice. */
    @Test
    void aGroupCommitAnswersARetryCommittedMeanwhileByAnotherTransactionWithItsOriginal() throws Exception {
        long c = newConversation();
        try (var other = uncommittedElsewhere("race-2");
             var group = new com.hotelchat.db.message.GroupCommit(messages, 1, 50, 100)) {
            var retry = group.submit(new AppendRequest(c, alice, "sent again", "race-2"));
            awaitABackendWaitingForALock();
            other.connection().commit();
            var duplicate = assertInstanceOf(AppendResult.Duplicate.class, retry.get(10, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(other.messageId(), duplicate.original().id());
        }
        assertEquals(List.of(), messages.between(c, 0, Long.MAX_VALUE));
        assertEquals(List.of(1L), firstColumn("SELECT count(*) FROM messages WHERE client_message_id = 'race-2'",
                Long.class, st -> { }));
    }

    /** A transaction, left open, that stored alice's message with this client_message_id in a conversation of its own. */
    private record OpenInsert(java.sql.Connection connection, long messageId) implements AutoCloseable {
        @Override
        public void close() throws java.sql.SQLException {
            connection.close();
        }
    }

    private OpenInsert uncommittedElsewhere(String clientMessageId) throws java.sql.SQLException {
        long elsewhere = newConversation();
        var connection = java.sql.DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
        try (var st = connection.prepareStatement("INSERT INTO messages (conversation_id, sender_type, sender_id,"
                + " sender_name, content, client_message_id) VALUES (?, 'staff', ?, 'Alice', 'sent first', ?) RETURNING id")) {
            connection.setAutoCommit(false);
            st.setLong(1, elsewhere);
            st.setLong(2, alice.id());
            st.setString(3, clientMessageId);
            try (var rs = st.executeQuery()) {
                rs.next();
                return new OpenInsert(connection, rs.getLong(1));
            }
        } catch (java.sql.SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** Until some session of the test database waits for a lock (the batch's insert, on the unique index). */
    private static void awaitABackendWaitingForALock() throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (firstColumn("SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                + " AND wait_event_type = 'Lock'", Integer.class, st -> { }).isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "the batch never waited for the other transaction");
            Thread.sleep(20);
        }
    }

    @Test
    void groupCommitAppendsTheOthersOnceWhenOneMessageOfABatchCannotBeStored() throws Exception {
        long c = newConversation();
        try (var group = new com.hotelchat.db.message.GroupCommit(messages, 1, 50, 100)) {
            var first = group.submit(new AppendRequest(c, alice, "first", null));
            var bad = group.submit(new AppendRequest(c, alice, UNSTORABLE, null));
            var last = group.submit(new AppendRequest(c, alice, "last", null));
            assertInstanceOf(AppendResult.Appended.class, first.get());
            assertInstanceOf(AppendResult.Appended.class, last.get());
            assertThrows(java.util.concurrent.ExecutionException.class, bad::get);
        }
        assertEquals(List.of("first", "last"),
                messages.between(c, 0, Long.MAX_VALUE).stream().map(StoredMessage::content).toList());
    }

    @Test
    void groupCommitKeepsEveryConversationsChainUnderConcurrentSenders() throws Exception {
        List<Long> convs = List.of(newConversation(), newConversation(), newConversation());
        try (var group = new com.hotelchat.db.message.GroupCommit(messages, 2, 50, 10_000)) {
            ExecutorService senders = Executors.newFixedThreadPool(8);
            List<Future<AppendResult>> sent = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                long c = convs.get(i % 3);
                int n = i;
                sent.add(senders.submit(() -> group.submit(
                        new com.hotelchat.db.message.AppendRequest(c, alice, "m" + n, "gc-" + n)).join()));
            }
            List<AppendResult.Appended> appended = new ArrayList<>();
            for (Future<AppendResult> f : sent) {
                appended.add(assertInstanceOf(AppendResult.Appended.class, f.get()));
            }
            senders.shutdown();
            for (long c : convs) {
                List<StoredMessage> stored = messages.between(c, 0, Long.MAX_VALUE);
                assertEquals(400 / 3 + (c == convs.get(0) ? 1 : 0), stored.size());
                Long previous = null;
                for (StoredMessage m : stored) {
                    AppendResult.Appended a = appended.stream().filter(x -> x.message().id() == m.id()).findFirst().orElseThrow();
                    assertEquals(previous, a.previousMessageId(), "each append knows its predecessor");
                    previous = m.id();
                }
                assertEquals(previous, conversations.find(c).orElseThrow().lastMessageId());
            }
        }
    }

    /**
     * The database made the bottleneck: an append waits behind a transaction that holds its conversation's row lock for
     * {@code millis}, so the group commit's recent commits took about that long.
     */
    private void slowCommitThrough(com.hotelchat.db.message.GroupCommit group, long conversation, long millis)
            throws Exception {
        try (var lock = java.sql.DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password())) {
            lock.setAutoCommit(false);
            try (var st = lock.prepareStatement("SELECT id FROM conversations WHERE id = ? FOR UPDATE")) {
                st.setLong(1, conversation);
                st.executeQuery().close();
            }
            var blocked = group.submit(new AppendRequest(conversation, alice, "behind a lock", null));
            Thread.sleep(millis);
            lock.rollback();
            assertInstanceOf(AppendResult.Appended.class, blocked.get());
        }
    }

    @Test
    void whileTheDatabaseCommitsQuicklyAStreamIsNotKeptWaitingForCompany() throws Exception {
        long c = newConversation();
        // A linger far longer than any commit: were the stream's second message kept for company, it would wait 30 s.
        java.time.Duration linger = java.time.Duration.ofSeconds(30);
        try (var group = new com.hotelchat.db.message.GroupCommit(messages, 1, 2, 100, linger)) {
            assertInstanceOf(AppendResult.Appended.class,
                    group.submit(new AppendRequest(c, alice, "first", null)).get());
            long started = System.nanoTime();
            var second = group.submit(new AppendRequest(c, alice, "second, right after", null));
            assertInstanceOf(AppendResult.Appended.class, second.get(20, java.util.concurrent.TimeUnit.SECONDS));
            assertTrue(System.nanoTime() - started < linger.toNanos(), "committed at once, not after the linger");
        }
    }

    @Test
    void whenTheDatabaseIsTheBottleneckAStreamIsGatheredUntilTheBatchIsFullButAQuietSpellGoesAtOnce()
            throws Exception {
        long c = newConversation();
        // Batches of two, a linger of 3 s: the database counts as the bottleneck while its recent commits average 1.5 s
        // or more. One commit of 9 s makes the average 2.25 s; the quick one after the quiet spell leaves it above 1.6 s.
        java.time.Duration linger = java.time.Duration.ofSeconds(3);
        try (var group = new com.hotelchat.db.message.GroupCommit(messages, 1, 2, 100, linger)) {
            slowCommitThrough(group, c, 9_000);
            Thread.sleep(linger.toMillis() + 500); // a quiet spell
            long quietStart = System.nanoTime();
            var alone = group.submit(new AppendRequest(c, alice, "after a quiet spell", null)).get();
            assertTrue(System.nanoTime() - quietStart < linger.toNanos(), "a message after a quiet spell does not linger");
            var second = group.submit(new AppendRequest(c, alice, "second", null));
            Thread.sleep(300);
            assertTrue(!second.isDone(), "a message that follows another closely waits for company");
            var third = group.submit(new AppendRequest(c, alice, "third", null));
            List<Long> ids = new ArrayList<>();
            for (var appended : List.of(alone, second.get(), third.get())) {
                ids.add(assertInstanceOf(AppendResult.Appended.class, appended).message().id());
            }
            List<String> transactions = firstColumn("SELECT xmin::text FROM messages WHERE id = ANY (?) ORDER BY id",
                    String.class, st -> st.setArray(1, st.getConnection().createArrayOf("bigint", ids.toArray())));
            assertEquals(3, transactions.size());
            assertTrue(!transactions.get(0).equals(transactions.get(1)), "the first went alone");
            assertEquals(transactions.get(1), transactions.get(2), "the stream's two messages shared one commit");
        }
        assertEquals(List.of("behind a lock", "after a quiet spell", "second", "third"),
                messages.between(c, 0, Long.MAX_VALUE).stream().map(StoredMessage::content).toList());
    }

    @Test
    void closingAGroupCommitRefusesWhatALingeringCommitterHolds() throws Exception {
        long c = newConversation();
        java.time.Duration linger = java.time.Duration.ofSeconds(3);
        var group = new com.hotelchat.db.message.GroupCommit(messages, 1, 50, 100, linger);
        slowCommitThrough(group, c, 9_000); // the database is the bottleneck (as in the test above)
        Thread.sleep(linger.toMillis() + 500);
        assertInstanceOf(AppendResult.Appended.class, group.submit(new AppendRequest(c, alice, "alone", null)).get());
        var held = group.submit(new AppendRequest(c, alice, "held", null));
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (group.waiting() > 0) {
            assertTrue(System.nanoTime() < deadline, "a committer takes it from the queue");
            Thread.onSpinWait();
        }
        assertTrue(!held.isDone(), "it waits for company, held by the lingering committer");
        group.close();
        assertInstanceOf(AppendResult.Overloaded.class, held.get(5, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(List.of("behind a lock", "alone"),
                messages.between(c, 0, Long.MAX_VALUE).stream().map(StoredMessage::content).toList());
    }

    @Test
    void groupCommitRefusesWhatItCannotQueue() {
        try (var group = new com.hotelchat.db.message.GroupCommit(messages, 0, 10, 1)) {
            long c = newConversation();
            var queued = group.submit(new com.hotelchat.db.message.AppendRequest(c, alice, "waits", null));
            var refused = group.submit(new com.hotelchat.db.message.AppendRequest(c, alice, "refused", null));
            assertInstanceOf(AppendResult.Overloaded.class, refused.join());
            assertTrue(!queued.isDone());
        }
    }
}
