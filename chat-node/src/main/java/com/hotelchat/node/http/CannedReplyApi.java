package com.hotelchat.node.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotelchat.db.conversation.Conversations;
import com.hotelchat.db.staff.StaffAccount;
import com.hotelchat.db.tools.CannedReplies;
import com.hotelchat.db.tools.CannedReply;
import com.hotelchat.domain.Conversation;
import com.hotelchat.protocol.Limits;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Canned replies: a department's (its members and admins manage them) and each staff member's own; a short code
 * ({@code wifi}, typed as {@code /wifi} in the console) and a text whose {@code {guest_name}}, {@code {room_number}} and
 * {@code {agent_name}} are filled in for a conversation when used.
 */
public final class CannedReplyApi {

    private static final Pattern CODE = Pattern.compile("[a-z0-9_-]{1,32}");
    private static final String CLASH = "That code is already used by another canned reply there";

    private final CannedReplies replies;
    private final VisibleConversations visible;

    public CannedReplyApi(CannedReplies replies, Conversations conversations) {
        this.replies = replies;
        this.visible = new VisibleConversations(conversations);
    }

    public ApiResponse list(StaffAccount caller, ApiRequest request) {
        return ApiResponse.ok(Map.of("canned_replies",
                replies.visible(caller.user().id(), caller.departments()).stream().map(CannedReplyApi::view).toList()));
    }

    /** {@code {"code", "text", "department"?}}: without a department, the caller's own. */
    public ApiResponse create(StaffAccount caller, ApiRequest request) {
        JsonNode body = request.object();
        String code = code(Fields.requiredText(body, "code", 32));
        String text = Fields.requiredText(body, "text", Limits.MAX_CONTENT_CHARS);
        String department = Fields.optionalText(body, "department", 64);
        if (department != null && !caller.departments().contains(department) && !caller.user().isAdmin()) {
            throw ApiError.forbidden("Only members of a department (and admins) manage its canned replies");
        }
        CannedReply created = replies.create(department, department == null ? caller.user().id() : null, code, text,
                caller.user().id()).orElseThrow(() -> ApiError.conflict(CLASH));
        return ApiResponse.created(view(created));
    }

    public ApiResponse update(StaffAccount caller, ApiRequest request) {
        CannedReply current = manageable(caller, request.pathId(0));
        JsonNode body = request.object();
        String code = Fields.optionalText(body, "code", 32);
        String text = Fields.optionalText(body, "text", Limits.MAX_CONTENT_CHARS);
        if (text != null && text.isBlank()) {
            throw ApiError.badRequest("'text' must not be empty");
        }
        try {
            return ApiResponse.ok(view(replies.update(current.id(), code == null ? current.code() : code(code),
                    text == null ? current.text() : text).orElseThrow(() -> ApiError.notFound("Unknown canned reply"))));
        } catch (org.apache.ibatis.exceptions.PersistenceException e) {
            throw UniqueViolation.asConflict(e, CLASH);
        }
    }

    public ApiResponse delete(StaffAccount caller, ApiRequest request) {
        replies.delete(manageable(caller, request.pathId(0)).id());
        return ApiResponse.ok(Map.of("deleted", true));
    }

    /** {@code GET /chat/conversations/{id}/canned-replies/{code}}: the text as it would be sent in that conversation. */
    public ApiResponse render(StaffAccount caller, ApiRequest request) {
        Conversation c = visible.get(caller, request.pathId(0));
        CannedReply reply = replies.byCode(request.pathParams().get(1), caller.user().id(), c.department())
                .orElseThrow(() -> ApiError.notFound("No canned reply with that code"));
        return ApiResponse.ok(Map.of("code", reply.code(),
                "text", reply.render(c.guestName(), c.guestRoomNumber(), caller.user().name())));
    }

    private CannedReply manageable(StaffAccount caller, long id) {
        CannedReply reply = replies.find(id).orElseThrow(() -> ApiError.notFound("Unknown canned reply"));
        boolean allowed = reply.ownerId() != null ? reply.ownerId() == caller.user().id()
                : caller.user().isAdmin() || caller.departments().contains(reply.department());
        if (!allowed) {
            throw ApiError.notFound("Unknown canned reply"); // someone else's: not even its existence
        }
        return reply;
    }

    private static String code(String code) {
        if (!CODE.matcher(code).matches()) {
            throw ApiError.badRequest("'code' must be 1-32 lowercase letters, digits, '_' or '-' (typed after '/')");
        }
        return code;
    }

    private static Map<String, Object> view(CannedReply r) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", r.id());
        view.put("code", r.code());
        view.put("text", r.text());
        view.put("department", r.department());
        view.put("personal", r.ownerId() != null);
        return view;
    }
}
