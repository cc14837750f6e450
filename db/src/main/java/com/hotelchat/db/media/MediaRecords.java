package com.hotelchat.db.media;

import com.hotelchat.db.Database;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/** The {@code media} table: uploads recorded, looked up, and the unused ones removed. */
public final class MediaRecords {

    private final Database database;

    public MediaRecords(Database database) {
        this.database = database;
    }

    public void insert(MediaRecord media) {
        database.inTransaction(s -> s.getMapper(MediaMapper.class).insert(media));
    }

    public Optional<MediaRecord> find(String id) {
        return Optional.ofNullable(database.inTransaction(s -> s.getMapper(MediaMapper.class).find(id)));
    }

    /** Whether the file is carried by a private note: then staff of its conversation may see it, its guest never. */
    public boolean onPrivateNote(String id) {
        return database.inTransaction(s -> s.getMapper(MediaMapper.class).onPrivateNote(id));
    }

    /** A guest's WhatsApp file fetched already, by the Cloud API's media id. */
    public Optional<MediaRecord> findByWhatsAppMediaId(String whatsappMediaId) {
        return Optional.ofNullable(database.inTransaction(s ->
                s.getMapper(MediaMapper.class).findByWhatsAppMediaId(whatsappMediaId)));
    }

    /**
     * Removes uploads nobody used that are older than {@code before}, at most {@code limit}: each row stays locked
     * while {@code removeBytes} deletes its file, then goes in the same transaction (a file is never left without
     * its row while the row says it exists). Returns how many were removed.
     */
    public int removeUnused(Instant before, int limit, Consumer<MediaRecord> removeBytes) {
        return database.inTransaction(s -> {
            MediaMapper mapper = s.getMapper(MediaMapper.class);
            int removed = 0;
            for (MediaRecord media : mapper.lockUnusedBefore(before, limit)) {
                removeBytes.accept(media);
                removed += mapper.deleteUnused(media.id());
            }
            return removed;
        });
    }
}
