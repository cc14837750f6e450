package com.hotelchat.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hotelchat.db.conversation.ConversationListRow;
import com.hotelchat.db.conversation.Conversations;
import com.hotelchat.db.conversation.NewConversation;
import com.hotelchat.db.message.MessageStore;
import com.hotelchat.db.message.Sender;
import com.hotelchat.db.staff.StaffAccount;
import com.hotelchat.db.staff.StaffChange;
import com.hotelchat.db.staff.StaffDirectory;
import com.hotelchat.db.staff.UnknownDepartmentException;
import com.hotelchat.domain.SenderType;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ConversationsTest {

    private static Database database;
    private static StaffDirectory staff;
    private static Conversations conversations;
    private static MessageStore messages;

    @BeforeAll
    static void start() {
        database = Database.open(TestPostgres.freshDatabase());
        staff = new StaffDirectory(database);
        conversations = new Conversations(database);
        messages = new MessageStore(database);
        staff.createDepartment("reception");
        staff.createDepartment("housekeeping");
    }

    @AfterAll
    static void stop() {
        database.close();
    }

    private StaffAccount user(String name, String department) {
        return staff.createStaff(name, name, "department_staff", "hash", List.of(department)).orElseThrow();
    }

    @Test
    void duplicateDepartmentIsRefused() {
        assertTrue(staff.createDepartment("reception").isEmpty());
    }

    @Test
    void staffWithUnknownDepartmentIsNotCreatedAtAll() {
        assertThrows(UnknownDepartmentException.class,
                () -> staff.createStaff("ghost", "Ghost", "department_staff", "h", List.of("reception", "nope")));
        assertTrue(staff.findByUsername("ghost").isEmpty());
    }

    @Test
    void listShowsOnlyOwnDepartmentsWithUnreadCountsThatDropOnMarkRead() {
        StaffAccount bob = user("bob", "reception");
        StaffAccount carol = user("carol", "reception");
        StaffAccount dave = user("dave", "housekeeping");
        Sender bobSender = new Sender(SenderType.STAFF, bob.user().id(), "bob");
        Sender carolSender = new Sender(SenderType.STAFF, carol.user().id(), "carol");
        long c = conversations.open(new NewConversation("+15550101", "G", "7", "reception", "general"),
                bobSender, "hello").conversation().id();
        messages.append(c, carolSender, "from carol 1", null);
        messages.append(c, carolSender, "from carol 2", null);

        ConversationListRow forBob = conversations.listFor(bob.user().id(), null, 50).stream()
                .filter(r -> r.id() == c).findFirst().orElseThrow();
        assertEquals(2, forBob.unreadCount(), "own messages are never unread");
        assertEquals("from carol 2", forBob.lastMessagePreview());
        assertTrue(conversations.listFor(dave.user().id(), null, 50).stream().noneMatch(r -> r.id() == c));

        conversations.markRead(bob.user().id(), c);
        assertEquals(0, conversations.listFor(bob.user().id(), null, 50).stream()
                .filter(r -> r.id() == c).findFirst().orElseThrow().unreadCount());
    }

    @Test
    void membershipChangeReplacesDepartments() {
        StaffAccount erin = user("erin", "reception");
        StaffAccount changed = staff.update(erin.user().id(),
                new StaffChange(false, List.of("housekeeping"), null, "Erin E", null)).orElseThrow();
        assertEquals(List.of("housekeeping"), changed.departments());
        assertEquals(false, changed.user().active());
        assertEquals("Erin E", changed.user().name());
    }
}
