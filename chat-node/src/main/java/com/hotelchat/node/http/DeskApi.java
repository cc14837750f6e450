package com.hotelchat.node.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotelchat.db.desk.ConversationDesk;
import com.hotelchat.db.desk.DepartmentSettings;
import com.hotelchat.db.desk.DeskResult;
import com.hotelchat.db.staff.StaffAccount;
import com.hotelchat.domain.Conversation;
import com.hotelchat.node.chat.ChatService;
import com.hotelchat.node.chat.EventFactory;
import com.hotelchat.node.desk.DeskService;
import com.hotelchat.node.desk.StaffActor;
import com.hotelchat.protocol.Limits;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * The queue over REST: assign, status, transfer (the same actions as the socket's commands, answered with the
 * conversation as it is now), and each department's queue settings for admins.
 */
public final class DeskApi {

    private final DeskService desk;
    private final ConversationDesk settings;
    private final EventFactory events;

    public DeskApi(DeskService desk, ConversationDesk settings, EventFactory events) {
        this.desk = desk;
        this.settings = settings;
        this.events = events;
    }

    /** {@code {"user_id": id}} or {@code {"user_id": null}} to unassign. */
    public ApiResponse assign(StaffAccount caller, ApiRequest request) {
        JsonNode body = request.object();
        if (!body.has("user_id")) {
            throw ApiError.badRequest("'user_id' is required: a staff member's id, or null to unassign");
        }
        Long userId = body.get("user_id").isNull() ? null : Fields.requiredId(body, "user_id");
        return answer(desk.assign(actor(caller), request.pathId(0), userId, expectedVersion(body)));
    }

    /** {@code {"status": "active"|"pending"|"snoozed", "snoozed_until"?}}. */
    public ApiResponse status(StaffAccount caller, ApiRequest request) {
        JsonNode body = request.object();
        String status = Fields.requiredText(body, "status", 16);
        if (!Limits.SETTABLE_STATUSES.contains(status)) {
            throw ApiError.badRequest("'status' must be one of " + String.join(", ", Limits.SETTABLE_STATUSES)
                    + " (closing is POST /chat/conversations/close/)");
        }
        String until = Fields.optionalText(body, "snoozed_until", 64);
        Instant snoozedUntil = null;
        if (Conversation.SNOOZED.equals(status)) {
            if (until == null) {
                throw ApiError.badRequest("'snoozed_until' is required to snooze: an ISO-8601 time like 2026-12-01T09:00:00Z");
            }
            snoozedUntil = instant(until);
        } else if (until != null) {
            throw ApiError.badRequest("'snoozed_until' is only for status 'snoozed'");
        }
        return answer(desk.setStatus(actor(caller), request.pathId(0), status, snoozedUntil, expectedVersion(body)));
    }

    /** {@code {"department": name, "note"?}}. */
    public ApiResponse transfer(StaffAccount caller, ApiRequest request) {
        JsonNode body = request.object();
        String department = Fields.requiredText(body, "department", 64);
        String note = Fields.optionalText(body, "note", Limits.MAX_NOTE_CHARS);
        return answer(desk.transfer(actor(caller), request.pathId(0), department,
                note == null || note.isBlank() ? null : note.strip(), expectedVersion(body)));
    }

    /** Optional {@code expected_version}: change only a conversation still at that version (else 409). */
    static Long expectedVersion(JsonNode body) {
        return body.has("expected_version") && !body.get("expected_version").isNull()
                ? Fields.requiredId(body, "expected_version") : null;
    }

    public ApiResponse departmentSettings(ApiRequest request) {
        return ApiResponse.ok(view(settings.settings(request.pathParams().get(0))
                .orElseThrow(() -> ApiError.notFound("Unknown department"))));
    }

    /** Any of {@code auto_assign}, {@code auto_assign_cap}, {@code waiting_alert_seconds}. */
    public ApiResponse updateDepartmentSettings(ApiRequest request) {
        DepartmentSettings current = settings.settings(request.pathParams().get(0))
                .orElseThrow(() -> ApiError.notFound("Unknown department"));
        JsonNode body = request.object();
        Boolean autoAssign = Fields.optionalBoolean(body, "auto_assign");
        int cap = optionalInt(body, "auto_assign_cap", 1, DepartmentSettings.MAX_CAP, current.autoAssignCap());
        int alert = optionalInt(body, "waiting_alert_seconds", DepartmentSettings.MIN_ALERT_SECONDS,
                DepartmentSettings.MAX_ALERT_SECONDS, current.waitingAlertSeconds());
        DepartmentSettings updated = new DepartmentSettings(current.id(), current.name(),
                autoAssign == null ? current.autoAssign() : autoAssign, cap, alert);
        return ApiResponse.ok(view(settings.updateSettings(updated).orElseThrow(() -> ApiError.notFound("Unknown department"))));
    }

    /** The conversation as it is now (after a transfer, as it left a caller who may not belong to its new department). */
    private ApiResponse answer(DeskResult result) {
        return switch (result) {
            case DeskResult.NotFound notFound -> throw ApiError.notFound(ChatService.NOT_FOUND);
            case DeskResult.UnknownDepartment unknown -> throw ApiError.notFound(unknown.reason());
            case DeskResult.Refused refused -> throw ApiError.badRequest(refused.reason());
            case DeskResult.Stale stale -> throw ApiError.conflict(stale.reason());
            case DeskResult.Changed changed -> ApiResponse.ok(events.conversationData(changed.after()));
            case DeskResult.Unchanged unchanged -> ApiResponse.ok(events.conversationData(unchanged.conversation()));
        };
    }

    private static StaffActor actor(StaffAccount caller) {
        return new StaffActor(caller.user().id(), caller.user().name(), caller.departments()::contains);
    }

    private static Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest("'snoozed_until' must be an ISO-8601 time with an offset, like 2026-12-01T09:00:00Z");
        }
    }

    private static int optionalInt(JsonNode body, String field, int min, int max, int otherwise) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return otherwise;
        }
        if (!value.isIntegralNumber() || value.asLong() < min || value.asLong() > max) {
            throw ApiError.badRequest("'" + field + "' must be an integer from " + min + " to " + max);
        }
        return value.asInt();
    }

    private static Map<String, Object> view(DepartmentSettings s) {
        return Map.of("name", s.name(), "auto_assign", s.autoAssign(), "auto_assign_cap", s.autoAssignCap(),
                "waiting_alert_seconds", s.waitingAlertSeconds());
    }
}
