package com.hotelchat.node.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotelchat.db.conversation.StaleVersionException;
import com.hotelchat.db.staff.StaffAccount;
import com.hotelchat.db.tools.Label;
import com.hotelchat.db.tools.Labels;
import com.hotelchat.db.tools.UnknownLabelException;
import com.hotelchat.domain.Activity;
import com.hotelchat.node.chat.ChatEvents;
import com.hotelchat.node.chat.ChatService;
import com.hotelchat.protocol.AssigneeData;
import com.hotelchat.protocol.ToolsData;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Labels: admins manage the set; staff put them on and take them off their departments' conversations, live. */
public final class LabelApi {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9 _-]{0,39}");
    private static final Pattern COLOR = Pattern.compile("#[0-9a-f]{6}");

    private final Labels labels;
    private final ChatEvents publish;

    public LabelApi(Labels labels, ChatEvents publish) {
        this.labels = labels;
        this.publish = publish;
    }

    public ApiResponse list(StaffAccount caller, ApiRequest request) {
        return ApiResponse.ok(Map.of("labels", labels.all().stream().map(LabelApi::view).toList()));
    }

    public ApiResponse create(ApiRequest request) {
        JsonNode body = request.object();
        Label created = labels.create(name(Fields.requiredText(body, "name", 40)), color(Fields.requiredText(body, "color", 7)))
                .orElseThrow(() -> ApiError.conflict("A label with that name exists already"));
        return ApiResponse.created(view(created));
    }

    public ApiResponse update(ApiRequest request) {
        JsonNode body = request.object();
        String name = Fields.optionalText(body, "name", 40);
        String color = Fields.optionalText(body, "color", 7);
        try {
            return ApiResponse.ok(view(labels.update(request.pathId(0), name == null ? null : name(name),
                    color == null ? null : color(color)).orElseThrow(() -> ApiError.notFound("Unknown label"))));
        } catch (org.apache.ibatis.exceptions.PersistenceException e) {
            throw UniqueViolation.asConflict(e, "A label with that name exists already");
        }
    }

    public ApiResponse delete(ApiRequest request) {
        if (!labels.delete(request.pathId(0))) {
            throw ApiError.notFound("Unknown label");
        }
        return ApiResponse.ok(Map.of("deleted", true));
    }

    /** {@code POST /chat/conversations/{id}/labels/} with {@code {"label_id", "expected_version"?}}. */
    public ApiResponse attach(StaffAccount caller, ApiRequest request) {
        JsonNode body = request.object();
        return set(caller, request.pathId(0), Fields.requiredId(body, "label_id"), true, DeskApi.expectedVersion(body));
    }

    /** {@code DELETE /chat/conversations/{id}/labels/{label id}?expected_version=}. */
    public ApiResponse detach(StaffAccount caller, ApiRequest request) {
        return set(caller, request.pathId(0), request.pathId(1), false, request.queryId("expected_version"));
    }

    private ApiResponse set(StaffAccount caller, long conversationId, long labelId, boolean attach,
                            Long expectedVersion) {
        Labels.Change change;
        try {
            change = labels.set(conversationId, labelId, attach, expectedVersion,
                            c -> caller.departments().contains(c.department()),
                            new Activity.Person(caller.user().id(), caller.user().name()))
                    .orElseThrow(() -> ApiError.notFound(ChatService.NOT_FOUND));
        } catch (UnknownLabelException e) {
            throw ApiError.badRequest("Unknown label " + labelId);
        } catch (StaleVersionException e) {
            throw ApiError.conflict(e.getMessage());
        }
        List<ToolsData.LabelData> now = change.labels().stream().map(LabelApi::data).toList();
        if (change.changed()) {
            publish.activityRecorded(change.entry());
            publish.labelsChanged(change.snapshot(), new AssigneeData(caller.user().id(), caller.user().name()));
        }
        return ApiResponse.ok(Map.of("conversation_id", conversationId, "labels", now, "version",
                change.snapshot().version()));
    }

    static ToolsData.LabelData data(Label l) {
        return new ToolsData.LabelData(l.id(), l.name(), l.color());
    }

    private static Map<String, Object> view(Label l) {
        return Map.of("id", l.id(), "name", l.name(), "color", l.color());
    }

    private static String name(String name) {
        if (!NAME.matcher(name).matches()) {
            throw ApiError.badRequest("'name' must be 1-40 lowercase letters, digits, spaces, '_' or '-', starting with a letter or digit");
        }
        return name;
    }

    private static String color(String color) {
        if (!COLOR.matcher(color).matches()) {
            throw ApiError.badRequest("'color' must be a colour like #1a7f37 (lowercase hex)");
        }
        return color;
    }
}
