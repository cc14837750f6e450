package com.hotelchat.node.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotelchat.db.schedule.Schedule;
import com.hotelchat.db.schedule.ScheduledMessage;
import com.hotelchat.db.staff.StaffAccount;
import com.hotelchat.db.conversation.Conversations;
import com.hotelchat.domain.Conversation;
import com.hotelchat.domain.TemplateValues;
import com.hotelchat.node.chat.ChatEvents;
import com.hotelchat.node.chat.ChatService;
import com.hotelchat.node.chat.EventFactory;
import com.hotelchat.node.template.PreparedTemplate;
import com.hotelchat.node.template.TemplateRefused;
import com.hotelchat.node.template.TemplateSender;
import com.hotelchat.protocol.Limits;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scheduled messages: staff of a conversation's department schedule a text or a template for a time
 * ({@code POST /chat/conversations/{id}/scheduled/}), list them (the conversation's, or all of their departments'),
 * change and cancel them until they go. A time in the past, or a template that cannot be filled now, is refused at
 * once; what can only be known when it is due (the guest's window for a text) is recorded as the message's failure.
 */
public final class ScheduleApi {

    static final Duration MAX_AHEAD = Duration.ofDays(366);
    private static final Set<String> STATUSES = Set.of(ScheduledMessage.SCHEDULED, ScheduledMessage.SENT,
            ScheduledMessage.FAILED, ScheduledMessage.CANCELLED);
    private static final String GONE = "This message is no longer scheduled: it was sent, failed or cancelled";

    private final Schedule schedule;
    private final VisibleConversations visible;
    private final TemplateSender templates;
    private final ChatEvents publish;
    private final Clock clock;

    public ScheduleApi(Schedule schedule, Conversations conversations, TemplateSender templates, ChatEvents publish,
                       Clock clock) {
        this.schedule = schedule;
        this.visible = new VisibleConversations(conversations);
        this.templates = templates;
        this.publish = publish;
        this.clock = clock;
    }

    /** {@code {"send_at", "content"}} or {@code {"send_at", "template_id", "parameters"?, "header_parameters"?}}. */
    public ApiResponse create(StaffAccount caller, ApiRequest request) {
        Conversation c = visible.get(caller, request.pathId(0));
        JsonNode body = request.object();
        Instant sendAt = sendAt(body);
        if (c.isClosed()) {
            throw ApiError.conflict(ChatService.CLOSED);
        }
        ScheduledMessage created;
        if (body.hasNonNull("template_id")) {
            long templateId = Fields.requiredId(body, "template_id");
            TemplateValues values = values(body);
            String text = filled(templateId, c, caller, values).text();
            created = schedule.create(c.id(), caller.user().id(), caller.user().name(), sendAt, text, templateId, values);
        } else {
            created = schedule.create(c.id(), caller.user().id(), caller.user().name(), sendAt, content(body), null, null);
        }
        publish.scheduledChanged(created);
        return ApiResponse.created(EventFactory.scheduledData(created));
    }

    public ApiResponse ofConversation(StaffAccount caller, ApiRequest request) {
        Conversation c = visible.get(caller, request.pathId(0));
        return list(schedule.ofConversation(c.id()));
    }

    /** The caller's departments' scheduled messages, soonest first; {@code ?status=} (default: scheduled). */
    public ApiResponse ofDepartments(StaffAccount caller, ApiRequest request) {
        String status = request.query().getOrDefault("status", ScheduledMessage.SCHEDULED);
        if (!STATUSES.contains(status)) {
            throw ApiError.badRequest("'status' must be one of scheduled, sent, failed, cancelled");
        }
        Integer limit = request.queryInt("limit", 1, 200);
        return list(schedule.ofDepartments(caller.departments(), status, limit == null ? 100 : limit));
    }

    /** Any of {@code send_at}, {@code content} (a text), {@code parameters} and {@code header_parameters} (a template). */
    public ApiResponse update(StaffAccount caller, ApiRequest request) {
        ScheduledMessage current = visible(caller, request.pathId(0));
        JsonNode body = request.object();
        Instant sendAt = body.has("send_at") ? sendAt(body) : current.sendAt();
        String content = current.content();
        TemplateValues values = current.parameters();
        if (current.isTemplate()) {
            if (body.has("content")) {
                throw ApiError.badRequest("A template's text comes from the template: change 'parameters' instead");
            }
            if (body.has("parameters") || body.has("header_parameters")) {
                values = new TemplateValues(body.has("header_parameters") ? TemplateForm.values(body, "header_parameters")
                        : values.header(), body.has("parameters") ? TemplateForm.values(body, "parameters") : values.body());
                if (current.templateId() == null) {
                    throw ApiError.conflict("The template was deleted: cancel this message and schedule another");
                }
                content = filled(current.templateId(), visible.get(caller, current.conversationId()), caller, values).text();
            }
        } else if (body.has("content")) {
            content = content(body);
        }
        ScheduledMessage changed = schedule.edit(current.id(), sendAt, content, values)
                .orElseThrow(() -> ApiError.conflict(GONE));
        publish.scheduledChanged(changed);
        return ApiResponse.ok(EventFactory.scheduledData(changed));
    }

    public ApiResponse cancel(StaffAccount caller, ApiRequest request) {
        ScheduledMessage current = visible(caller, request.pathId(0));
        ScheduledMessage cancelled = schedule.cancel(current.id()).orElseThrow(() -> ApiError.conflict(GONE));
        publish.scheduledChanged(cancelled);
        return ApiResponse.ok(EventFactory.scheduledData(cancelled));
    }

    private ApiResponse list(List<ScheduledMessage> rows) {
        return ApiResponse.ok(Map.of("scheduled", rows.stream().map(EventFactory::scheduledData).toList()));
    }

    private ScheduledMessage visible(StaffAccount caller, long id) {
        return schedule.find(id).filter(s -> caller.departments().contains(s.department()))
                .orElseThrow(() -> ApiError.notFound("Unknown scheduled message"));
    }

    /** The template filled now, to refuse at once what could not go (a parameter nobody can fill, an unknown template). */
    private PreparedTemplate filled(long templateId, Conversation c, StaffAccount caller, TemplateValues values) {
        if (!templates.enabled()) {
            throw ApiError.conflict(TemplateSender.NOT_CONFIGURED);
        }
        try {
            return templates.prepare(templateId, c, caller.user().name(), values);
        } catch (TemplateRefused e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    private static TemplateValues values(JsonNode body) {
        return new TemplateValues(TemplateForm.values(body, "header_parameters"), TemplateForm.values(body, "parameters"));
    }

    private static String content(JsonNode body) {
        return Fields.requiredText(body, "content", Limits.MAX_CONTENT_CHARS);
    }

    /** An ISO-8601 time with an offset, in the future and at most {@link #MAX_AHEAD} away. */
    private Instant sendAt(JsonNode body) {
        String text = Fields.requiredText(body, "send_at", 64);
        Instant at;
        try {
            // PostgreSQL keeps microseconds: the answer says the time as it is stored
            at = OffsetDateTime.parse(text).toInstant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest("'send_at' must be an ISO-8601 time with an offset, like 2026-12-01T09:00:00Z");
        }
        Instant now = clock.instant();
        if (!at.isAfter(now)) {
            throw ApiError.badRequest("'send_at' is in the past (" + text + "): a message can only be scheduled for "
                    + "a time to come");
        }
        if (at.isAfter(now.plus(MAX_AHEAD))) {
            throw ApiError.badRequest("'send_at' is more than a year ahead");
        }
        return at;
    }
}
