package com.hotelchat.node.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotelchat.db.conversation.ConversationListRow;
import com.hotelchat.db.conversation.ListQuery;
import com.hotelchat.protocol.AssigneeData;
import java.time.Instant;
import com.hotelchat.db.conversation.ConversationSnapshot;
import com.hotelchat.db.conversation.Conversations;
import com.hotelchat.db.conversation.NewConversation;
import com.hotelchat.db.message.MessageStore;
import com.hotelchat.db.message.Sender;
import com.hotelchat.db.staff.StaffAccount;
import com.hotelchat.domain.Activity;
import com.hotelchat.domain.Conversation;
import com.hotelchat.domain.SenderType;
import com.hotelchat.node.chat.ChatEvents;
import com.hotelchat.node.desk.AutoAssigner;
import com.hotelchat.node.chat.ChatService;
import com.hotelchat.node.chat.EventFactory;
import com.hotelchat.protocol.ConversationSummary;
import com.hotelchat.protocol.GuestInfo;
import com.hotelchat.protocol.Limits;
import com.hotelchat.node.auth.TokenService;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** The staff conversation endpoints: create, close, list with unread counts, message history. */
public final class ConversationApi {

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
    private static final Pattern CONVERSATION_TYPE = Pattern.compile("[a-z0-9_]{1,32}");

    private final Conversations conversations;
    private final MessageStore messages;
    private final ChatService chat;
    private final ChatEvents publish;
    private final EventFactory events;
    private final TokenService tokens;
    private final String publicUrl;

    public static final java.time.Duration GUEST_TOKEN_VALIDITY = java.time.Duration.ofDays(7);

    private final AutoAssigner autoAssign;

    private final com.hotelchat.db.tools.Labels labels;
    private final VisibleConversations visible;

    public ConversationApi(Conversations conversations, MessageStore messages, ChatService chat, ChatEvents publish,
                           EventFactory events, TokenService tokens, String publicUrl, AutoAssigner autoAssign,
                           com.hotelchat.db.tools.Labels labels) {
        this.labels = labels;
        this.visible = new VisibleConversations(conversations);
        this.autoAssign = autoAssign;
        this.tokens = tokens;
        this.publicUrl = publicUrl;
        this.conversations = conversations;
        this.messages = messages;
        this.chat = chat;
        this.publish = publish;
        this.events = events;
    }

    public ApiResponse create(StaffAccount caller, ApiRequest request) {
        JsonNode body = request.object();
        JsonNode guest = body.get("guest");
        if (guest == null || !guest.isObject()) {
            throw ApiError.badRequest("'guest' is required: {\"whatsapp_number\", \"name\", \"room_number\"}");
        }
        String number = Fields.requiredText(guest, "whatsapp_number", 16);
        if (!E164.matcher(number).matches()) {
            throw ApiError.badRequest("'whatsapp_number' must be in E.164 form, like +14155550123");
        }
        String name = Fields.requiredText(guest, "name", 200);
        String room = Fields.optionalText(guest, "room_number", 32);
        String department = Fields.requiredText(body, "department", 64);
        String type = Fields.optionalText(body, "conversation_type", 32);
        if (type == null) {
            type = "general";
        } else if (!CONVERSATION_TYPE.matcher(type).matches()) {
            throw ApiError.badRequest("'conversation_type' must be 1-32 characters of lowercase letters, digits or '_'");
        }
        String content = Fields.optionalText(body, "content", Limits.MAX_CONTENT_CHARS);
        if (content != null && content.isBlank()) {
            throw ApiError.badRequest("'content' must not be empty when given");
        }
        if (!caller.departments().contains(department)) {
            throw ApiError.forbidden("You can only open conversations in your own departments");
        }
        Sender sender = new Sender(SenderType.STAFF, caller.user().id(), caller.user().name());
        Conversations.Opened opened = conversations.open(
                new NewConversation(number, name.strip(), room, department, type), sender, content);
        publish.conversationOpened(opened.conversation(), opened.firstMessage());
        autoAssign.consider(opened.conversation());
        return ApiResponse.created(events.conversationData(ConversationSnapshot.opened(opened.conversation())));
    }

    public ApiResponse close(StaffAccount caller, ApiRequest request) {
        long id = Fields.requiredId(request.object(), "conversation_id");
        Conversation c = accessible(caller, id);
        chat.close(c, new Activity.Person(caller.user().id(), caller.user().name()));
        return ApiResponse.ok(events.conversationData(conversations.snapshot(id).orElseThrow()));
    }

    /**
     * The caller's departments' conversations: {@code ?status=}, {@code ?assignee=me|none|<user id>},
     * {@code ?department=}, {@code ?sort=activity} (newest activity first, the default) or {@code waiting} (guests
     * waiting for an answer, longest wait first), {@code ?limit=}, and {@code ?cursor=} from the previous page's
     * {@code next_cursor} (null on the last page).
     */
    public ApiResponse list(StaffAccount caller, ApiRequest request) {
        String status = request.query().get("status");
        if (status != null && !Conversation.STATUSES.contains(status)) {
            throw ApiError.badRequest("'status' must be one of active, pending, snoozed, closed");
        }
        String department = request.query().get("department");
        if (department != null && !caller.departments().contains(department)) {
            throw ApiError.forbidden("You can only list your own departments' conversations");
        }
        String sort = request.query().getOrDefault("sort", "activity");
        if (!sort.equals("activity") && !sort.equals("waiting")) {
            throw ApiError.badRequest("'sort' must be 'activity' or 'waiting'");
        }
        String assignee = request.query().get("assignee");
        Long assigneeId = null;
        if ("me".equals(assignee)) {
            assigneeId = caller.user().id();
        } else if (assignee != null && !"none".equals(assignee)) {
            assigneeId = request.queryId("assignee");
        }
        Integer limit = request.queryInt("limit", 1, Conversations.MAX_LIST);
        int pageSize = limit == null ? 100 : limit;
        ListCursor after = ListCursor.parse(request.query().get("cursor"));
        var rows = conversations.list(new ListQuery(caller.user().id(), status, assigneeId, "none".equals(assignee),
                department, request.query().get("label"), sort.equals("waiting"), after == null ? null : after.at(), after == null ? null : after.id(),
                pageSize));
        String next = null;
        if (rows.size() == pageSize) {
            ConversationListRow last = rows.get(rows.size() - 1);
            Instant at = sort.equals("waiting") ? last.waitingSince()
                    : last.lastMessageAt() != null ? last.lastMessageAt() : last.createdAt();
            next = new ListCursor(at, last.id()).encode();
        }
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        var labelled = labels.of(rows.stream().map(ConversationListRow::id).toList());
        body.put("conversations", rows.stream().map(r -> summary(r, labelled.getOrDefault(r.id(), List.of()))).toList());
        body.put("next_cursor", next);
        return ApiResponse.ok(body);
    }

    public ApiResponse history(StaffAccount caller, ApiRequest request) {
        Conversation c = accessible(caller, request.pathId(0));
        Integer limit = request.queryInt("limit", 1, 200);
        Long beforeId = request.queryId("before_id");
        Long aroundId = request.queryId("around_id");
        if (beforeId != null && aroundId != null) {
            throw ApiError.badRequest("Give 'before_id' or 'around_id', not both");
        }
        var page = aroundId != null ? messages.around(c.id(), aroundId, limit == null ? 50 : limit)
                : messages.history(c.id(), beforeId, limit == null ? 50 : limit);
        // Beyond the seed: the conversation as it is now (assignee, status, waiting time) beside its messages.
        return ApiResponse.ok(Map.of("messages", page.stream().map(m -> events.messageData(m, c)).toList(),
                "conversation", events.conversationData(conversations.snapshot(c.id()).orElseThrow())));
    }

    /** A guest web-chat link for the conversation's guest, valid for {@link #GUEST_TOKEN_VALIDITY}. */
    public ApiResponse guestToken(StaffAccount caller, ApiRequest request) {
        Conversation c = accessible(caller, Fields.requiredId(request.object(), "conversation_id"));
        String token = tokens.issueGuest(c.id(), c.guestId(), GUEST_TOKEN_VALIDITY);
        String base = publicUrl != null ? publicUrl : "http://" + Optional.ofNullable(request.header("Host")).orElse("localhost");
        return ApiResponse.created(Map.of("token", token, "url", base + "/guest/#token=" + token));
    }

    private Conversation accessible(StaffAccount caller, long id) {
        return visible.get(caller, id);
    }

    private static ConversationSummary summary(ConversationListRow r, List<com.hotelchat.db.tools.Label> labels) {
        return new ConversationSummary(r.id(), r.guestName(), r.department(), r.conversationType(), r.status(),
                r.createdAt(), r.lastMessagePreview(), r.lastMessageAt(), r.unreadCount(),
                new GuestInfo(r.guestId(), r.guestName(), r.guestRoomNumber(), r.guestCheckOut(), r.guestLanguage()),
                r.lastGuestMessageAt() == null ? null : r.lastGuestMessageAt().plus(Conversation.WHATSAPP_WINDOW),
                AssigneeData.of(r.assigneeId(), r.assigneeName()), r.waitingSince(), r.snoozedUntil(), r.unreadMentions(),
                labels.stream().map(LabelApi::data).toList(), r.version());
    }
}
