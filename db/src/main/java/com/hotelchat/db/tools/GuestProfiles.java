package com.hotelchat.db.tools;

import com.hotelchat.db.Database;
import com.hotelchat.db.conversation.ConversationMapper;
import com.hotelchat.db.conversation.ConversationSnapshot;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Guest profiles, edited by the desk beside a conversation; a guest's profile is the same in all their conversations. */
public final class GuestProfiles {

    private final Database database;

    public GuestProfiles(Database database) {
        this.database = database;
    }

    public Optional<GuestProfile> find(long guestId) {
        return Optional.ofNullable(database.inTransaction(s -> s.getMapper(GuestProfileMapper.class).find(guestId)));
    }

    /** A profile as stored after a change, and the guest's conversations, each at the version the change gave it. */
    public record Updated(GuestProfile profile, List<ConversationSnapshot> conversations) {}

    /**
     * Applies the change to the stored profile (under the guest's row lock) and returns it as stored, with the guest's
     * conversations (oldest first), whose versions it moves on: each of them shows the guest.
     */
    public Optional<Updated> update(long guestId, UnaryOperator<GuestProfile> change) {
        return database.inTransaction(s -> {
            GuestProfileMapper profiles = s.getMapper(GuestProfileMapper.class);
            GuestProfile current = profiles.lock(guestId);
            if (current == null) {
                return Optional.empty();
            }
            profiles.update(change.apply(current));
            List<ConversationSnapshot> conversations = s.getMapper(ConversationMapper.class).nextVersionOfGuest(guestId)
                    .stream().sorted().map(id -> ConversationSnapshot.read(s, id)).toList();
            return Optional.of(new Updated(profiles.find(guestId), conversations));
        });
    }
}
