package com.hotelchat.db.tools;

import com.hotelchat.db.Database;
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

    /** Applies the change to the stored profile (under the guest's row lock) and returns it as stored. */
    public Optional<GuestProfile> update(long guestId, UnaryOperator<GuestProfile> change) {
        return database.inTransaction(s -> {
            GuestProfileMapper profiles = s.getMapper(GuestProfileMapper.class);
            GuestProfile current = profiles.find(guestId);
            if (current == null) {
                return Optional.empty();
            }
            profiles.update(change.apply(current));
            return Optional.of(profiles.find(guestId));
        });
    }

    public List<GuestProfileMapper.Shown> shownIn(long guestId) {
        return database.inTransaction(s -> s.getMapper(GuestProfileMapper.class).shownIn(guestId));
    }
}
