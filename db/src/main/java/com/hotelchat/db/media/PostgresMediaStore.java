package com.hotelchat.db.media;

import com.hotelchat.db.Database;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Enumeration;
import java.util.NoSuchElementException;

/**
 * Files in PostgreSQL ({@code media_chunks}), in chunks of 1 MiB written in one transaction: a file is there whole or
 * not at all, and reading holds one chunk at a time.
 */
public final class PostgresMediaStore implements MediaStore {

    static final int CHUNK_BYTES = 1024 * 1024;

    private final Database database;

    public PostgresMediaStore(Database database) {
        this.database = database;
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public void put(String key, InputStream bytes, long size, String contentType) throws IOException {
        try {
            database.inTransaction(s -> {
                try (PreparedStatement clear = s.getConnection().prepareStatement("DELETE FROM media_chunks WHERE media_key = ?");
                     PreparedStatement insert = s.getConnection().prepareStatement(
                             "INSERT INTO media_chunks (media_key, seq, bytes) VALUES (?, ?, ?)")) {
                    clear.setString(1, key);
                    clear.executeUpdate();
                    long left = size;
                    int seq = 0;
                    do {
                        byte[] chunk = bytes.readNBytes((int) Math.min(CHUNK_BYTES, left));
                        if (chunk.length < Math.min(CHUNK_BYTES, left)) {
                            throw new UncheckedIOException(new EOFException(
                                    "the file ended after " + (size - left + chunk.length) + " of " + size + " bytes"));
                        }
                        insert.setString(1, key);
                        insert.setInt(2, seq++);
                        insert.setBytes(3, chunk);
                        insert.executeUpdate();
                        left -= chunk.length;
                    } while (left > 0);
                    return null;
                } catch (SQLException e) {
                    throw new IllegalStateException("storing " + key + " failed", e);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        int chunks = database.inTransaction(s -> count(s.getConnection(), key));
        if (chunks == 0) {
            throw new NoSuchFileException(key);
        }
        return new SequenceInputStream(new Enumeration<InputStream>() {
            private int next = 0;

            @Override
            public boolean hasMoreElements() {
                return next < chunks;
            }

            @Override
            public InputStream nextElement() {
                if (next >= chunks) {
                    throw new NoSuchElementException();
                }
                int seq = next++;
                return new ByteArrayInputStream(database.inTransaction(s -> chunk(s.getConnection(), key, seq)));
            }
        });
    }

    @Override
    public void delete(String key) {
        database.inTransaction(s -> {
            try (PreparedStatement st = s.getConnection().prepareStatement("DELETE FROM media_chunks WHERE media_key = ?")) {
                st.setString(1, key);
                return st.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException("deleting " + key + " failed", e);
            }
        });
    }

    private static int count(java.sql.Connection connection, String key) {
        try (PreparedStatement st = connection.prepareStatement("SELECT count(*) FROM media_chunks WHERE media_key = ?")) {
            st.setString(1, key);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading " + key + " failed", e);
        }
    }

    private static byte[] chunk(java.sql.Connection connection, String key, int seq) {
        try (PreparedStatement st = connection.prepareStatement(
                "SELECT bytes FROM media_chunks WHERE media_key = ? AND seq = ?")) {
            st.setString(1, key);
            st.setInt(2, seq);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw new UncheckedIOException(new EOFException(key + " lost chunk " + seq + " while being read"));
                }
                return rs.getBytes(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading " + key + " failed", e);
        }
    }
}
