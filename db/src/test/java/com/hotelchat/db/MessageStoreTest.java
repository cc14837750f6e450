package com.hotelchat.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hotelchat.db.conversation.Conversations;
import com.hotelchat.db.conversation.NewConversation;
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

    private static Database database;
    private static MessageStore messages;
    private static Conversations conversations;
    private static Sender alice;

    @BeforeAll
    static void start() {
        database = Database.open(TestPostgres.freshDatabase());
        messages = new MessageStore(database);
        conversations = new Conversations(database);
        StaffDirectory staff = new StaffDirectory(database);
        staff.createDepartment("reception");
        long id = staff.createStaff("alice", "Alice", "department_staff", "x", List.of("reception")).orElseThrow().user().id();
        alice = new Sender(SenderType.STAFF, id, "Alice");
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
        assertTrue(conversations.close(c).orElseThrow().changed());
        assertInstanceOf(AppendResult.ConversationClosed.class, messages.append(c, alice, "after", null));
        assertInstanceOf(AppendResult.Duplicate.class, messages.append(c, alice, "before", "k-before"));
        assertEquals(1, messages.history(c, null, 50).size());
        assertEquals(false, conversations.close(c).orElseThrow().changed());
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
}
