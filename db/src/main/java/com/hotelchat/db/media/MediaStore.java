package com.hotelchat.db.media;

import java.io.IOException;
import java.io.InputStream;

/**
 * Where the bytes of files live, by key. Two implementations: {@link PostgresMediaStore} (the embedded default:
 * nothing else to run) and an S3-compatible bucket (chat-node). Callers pass exactly {@code size} bytes; a store keeps
 * a file whole or not at all.
 */
public interface MediaStore {

    /** Stored in the {@code media.storage} column, so a file is read back from the store that holds it. */
    String name();

    void put(String key, InputStream bytes, long size, String contentType) throws IOException;

    /** The file's bytes; {@link java.nio.file.NoSuchFileException} when there is no such key. */
    InputStream open(String key) throws IOException;

    /** Removes the file; a missing key is not an error. */
    void delete(String key) throws IOException;
}
