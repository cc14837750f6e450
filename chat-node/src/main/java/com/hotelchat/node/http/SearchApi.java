package com.hotelchat.node.http;

import com.hotelchat.db.staff.StaffAccount;
import com.hotelchat.db.tools.Search;
import com.hotelchat.db.tools.SearchHit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /chat/search/?q=}: messages and notes (newest first, paged with {@code before_id}) and guests (name,
 * room, WhatsApp number), only in the caller's departments. Each hit names its conversation and message, which
 * {@code GET /chat/conversations/{id}/messages/?around_id=} opens at that message.
 */
public final class SearchApi {

    private final Search search;

    public SearchApi(Search search) {
        this.search = search;
    }

    public ApiResponse search(StaffAccount caller, ApiRequest request) {
        String q = request.query().get("q");
        if (q == null || q.isBlank()) {
            throw ApiError.badRequest("'q' is required: the words to look for");
        }
        if (q.length() > Search.MAX_QUERY_CHARS) {
            throw ApiError.badRequest("'q' must be at most " + Search.MAX_QUERY_CHARS + " characters");
        }
        Integer limit = request.queryInt("limit", 1, Search.MAX_PAGE);
        int pageSize = limit == null ? 20 : limit;
        Long beforeId = request.queryId("before_id");
        List<SearchHit> hits = search.messages(caller.user().id(), q, beforeId, pageSize);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("hits", hits);
        body.put("next_before_id", hits.size() == pageSize ? hits.get(hits.size() - 1).messageId() : null);
        body.put("guests", beforeId == null ? search.guests(caller.user().id(), q, pageSize) : List.of());
        return ApiResponse.ok(body);
    }
}
