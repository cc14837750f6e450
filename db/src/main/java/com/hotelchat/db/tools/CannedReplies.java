package com.hotelchat.db.tools;

import com.hotelchat.db.Database;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Canned replies: a department's (managed by its members and admins) and each staff member's own. A code is unique
 * within a department and within one person's own; a personal reply wins over the department's with the same code.
 * Messages already sent keep their text: deleting or editing a reply never touches them.
 */
public final class CannedReplies {

    private final Database database;

    public CannedReplies(Database database) {
        this.database = database;
    }

    public List<CannedReply> visible(long userId, Collection<String> departments) {
        return database.inTransaction(s -> s.getMapper(CannedReplyMapper.class).visible(userId, departments));
    }

    public Optional<CannedReply> find(long id) {
        return Optional.ofNullable(database.inTransaction(s -> s.getMapper(CannedReplyMapper.class).find(id)));
    }

    /** Empty when the code clashes. Exactly one of {@code department} and {@code ownerId} is set. */
    public Optional<CannedReply> create(String department, Long ownerId, String code, String text, long createdBy) {
        return database.inTransaction(s -> {
            CannedReplyMapper replies = s.getMapper(CannedReplyMapper.class);
            Long id = replies.insert(department, ownerId, code, text, createdBy);
            return Optional.ofNullable(id == null ? null : replies.find(id));
        });
    }

    /** Throws on a code clash (a unique violation). */
    public Optional<CannedReply> update(long id, String code, String text) {
        return database.inTransaction(s -> {
            CannedReplyMapper replies = s.getMapper(CannedReplyMapper.class);
            return Optional.ofNullable(replies.update(id, code, text) == null ? null : replies.find(id));
        });
    }

    public boolean delete(long id) {
        return database.inTransaction(s -> s.getMapper(CannedReplyMapper.class).delete(id) > 0);
    }

    public Optional<CannedReply> byCode(String code, long userId, String department) {
        return Optional.ofNullable(database.inTransaction(s ->
                s.getMapper(CannedReplyMapper.class).byCode(code, userId, department)));
    }
}
