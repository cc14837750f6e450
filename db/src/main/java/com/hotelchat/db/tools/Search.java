package com.hotelchat.db.tools;

import com.hotelchat.db.Database;
import java.util.List;

/** Search over messages, notes and guests, scoped to the caller's departments, newest first, paged by message id. */
public final class Search {

    public static final int MAX_PAGE = 50;

    private final Database database;

    public Search(Database database) {
        this.database = database;
    }

    public List<SearchHit> messages(long userId, SearchQuery query, Long beforeId, int limit) {
        return database.inTransaction(s -> s.getMapper(SearchMapper.class).messages(userId, query.tsquery(), beforeId,
                Math.min(limit, MAX_PAGE)));
    }

    public List<GuestHit> guests(long userId, SearchQuery query, int limit) {
        return database.inTransaction(s -> s.getMapper(SearchMapper.class).guests(userId, query.tsquery(),
                Math.min(limit, MAX_PAGE)));
    }
}
