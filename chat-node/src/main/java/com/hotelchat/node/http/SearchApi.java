package com.hotelchat.node.http;

import com.hotelchat.db.staff.StaffAccount;
import com.hotelchat.db.tools.Search;
import com.hotelchat.db.tools.SearchHit;
import com.hotelchat.db.tools.SearchQuery;
import com.hotelchat.protocol.Decoded;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /chat/search/?q=}: messages and notes (newest first, paged with {@code before_id}) and guests (name,
 * room, WhatsApp number), only in the caller's departments. Each hit names its conversation and message, which
 * {@code GET /chat/conversations/{id}/messages/?around_id=} opens at that message. A {@code q} that cannot be searched
 * (see {@link SearchQuery}) is a 400 saying why.
 */
public final class SearchApi {

    private final Search search;

    public SearchApi(Search search) {
        this.search = search;
    }

    public ApiResponse search(StaffAccount caller, ApiRequest request) {
        SearchQuery query = switch (SearchQuery.parse(request.query().get("q"))) {
            case Decoded.Ok<SearchQuery> ok -> ok.value();
            case Decoded.ProtocolError<SearchQuery> error -> throw ApiError.badRequest(error.message());
        };
        Integer limit = request.queryInt("limit", 1, Search.MAX_PAGE);
        int pageSize = limit == null ? 20 : limit;
        Long beforeId = request.queryId("before_id");
        List<SearchHit> hits = search.messages(caller.user().id(), query, beforeId, pageSize);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("hits", hits);
        body.put("next_before_id", hits.size() == pageSize ? hits.get(hits.size() - 1).messageId() : null);
        body.put("guests", beforeId == null ? search.guests(caller.user().id(), query, pageSize) : List.of());
        return ApiResponse.ok(body);
    }
}
