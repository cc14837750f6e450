package com.hotelchat.node.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotelchat.db.journey.JourneyRule;
import com.hotelchat.db.journey.Journeys;
import com.hotelchat.db.staff.StaffDirectory;
import com.hotelchat.domain.Template;
import com.hotelchat.node.template.TemplateFilling;
import com.hotelchat.node.template.TemplateRefused;
import com.hotelchat.node.template.TemplateSender;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Guest journey rules (admins): per department, a template sent automatically some days before the guest's check-in
 * or on their check-out day, at a time of day in the hotel's zone; created off, switched on and paused with
 * {@code active}. Each rule comes with its report: what its messages came to.
 */
public final class JourneyApi {

    private static final List<String> OCCASIONS = List.of(JourneyRule.BEFORE_CHECK_IN, JourneyRule.CHECK_OUT);
    private static final String CLASH = "The department has a journey rule of that name already";

    private final Journeys journeys;
    private final TemplateSender templates;
    private final StaffDirectory staff;

    public JourneyApi(Journeys journeys, TemplateSender templates, StaffDirectory staff) {
        this.journeys = journeys;
        this.templates = templates;
        this.staff = staff;
    }

    public ApiResponse list(ApiRequest request) {
        return ApiResponse.ok(Map.of("rules", journeys.all().stream().map(this::view).toList()));
    }

    /**
     * {@code {"department", "name", "template_id", "occasion": "before_check_in"|"check_out", "days_before"?,
     * "send_time"?: "09:00", "active"?: false}}.
     */
    public ApiResponse create(ApiRequest request) {
        JsonNode body = request.object();
        String department = Fields.requiredText(body, "department", 64);
        if (staff.departments().stream().noneMatch(d -> d.name().equals(department))) {
            throw ApiError.badRequest("Unknown department '" + department + "'");
        }
        String occasion = occasion(Fields.requiredText(body, "occasion", 32));
        long templateId = template(Fields.requiredId(body, "template_id"));
        JourneyRule created = journeys.create(department, name(Fields.requiredText(body, "name", 100)), templateId,
                occasion, daysBefore(body, occasion, 0), sendTime(body, LocalTime.of(9, 0)),
                Boolean.TRUE.equals(Fields.optionalBoolean(body, "active")))
                .orElseThrow(() -> ApiError.conflict(CLASH));
        return ApiResponse.created(view(created));
    }

    /** Any of {@code name}, {@code template_id}, {@code occasion}, {@code days_before}, {@code send_time}, {@code active}. */
    public ApiResponse update(ApiRequest request) {
        JsonNode body = request.object();
        try {
            return ApiResponse.ok(view(journeys.update(request.pathId(0), current -> {
                String occasion = body.has("occasion") ? occasion(Fields.requiredText(body, "occasion", 32))
                        : current.occasion();
                Boolean active = Fields.optionalBoolean(body, "active");
                return new JourneyRule(current.id(), current.departmentId(), current.department(),
                        body.has("name") ? name(Fields.requiredText(body, "name", 100)) : current.name(),
                        body.has("template_id") ? template(Fields.requiredId(body, "template_id")) : current.templateId(),
                        null, occasion, daysBefore(body, occasion, current.daysBefore()),
                        sendTime(body, current.sendTime()), active == null ? current.active() : active);
            }).orElseThrow(() -> ApiError.notFound("Unknown journey rule"))));
        } catch (org.apache.ibatis.exceptions.PersistenceException e) {
            throw UniqueViolation.asConflict(e, CLASH);
        }
    }

    public ApiResponse delete(ApiRequest request) {
        if (!journeys.delete(request.pathId(0))) {
            throw ApiError.notFound("Unknown journey rule");
        }
        return ApiResponse.ok(Map.of("deleted", true));
    }

    private Map<String, Object> view(JourneyRule r) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", r.id());
        view.put("department", r.department());
        view.put("name", r.name());
        view.put("template", Map.of("id", r.templateId(), "name", r.templateName()));
        view.put("occasion", r.occasion());
        view.put("days_before", r.daysBefore());
        view.put("send_time", r.sendTime().toString());
        view.put("active", r.active());
        view.put("report", journeys.report(r.id()));
        return view;
    }

    /** An approved template the chat can send. */
    private long template(long id) {
        Template t;
        try {
            t = templates.template(id);
        } catch (TemplateRefused e) {
            throw ApiError.badRequest(e.getMessage());
        }
        String unsendable = TemplateFilling.unsendable(t);
        if (unsendable != null) {
            throw ApiError.badRequest(unsendable);
        }
        return id;
    }

    private static String name(String name) {
        return name.strip();
    }

    private static String occasion(String occasion) {
        if (!OCCASIONS.contains(occasion)) {
            throw ApiError.badRequest("'occasion' must be before_check_in (days_before the check-in date) or check_out "
                    + "(on the check-out date)");
        }
        return occasion;
    }

    private static int daysBefore(JsonNode body, String occasion, int fallback) {
        JsonNode days = body.get("days_before");
        if (days == null || days.isNull()) {
            return JourneyRule.CHECK_OUT.equals(occasion) ? 0 : fallback;
        }
        if (!days.isIntegralNumber() || days.asInt() < 0 || days.asInt() > 90) {
            throw ApiError.badRequest("'days_before' must be a whole number from 0 to 90");
        }
        if (JourneyRule.CHECK_OUT.equals(occasion) && days.asInt() != 0) {
            throw ApiError.badRequest("'days_before' is for before_check_in rules; a check_out rule sends on the day");
        }
        return days.asInt();
    }

    private static LocalTime sendTime(JsonNode body, LocalTime fallback) {
        String text = Fields.optionalText(body, "send_time", 5);
        if (text == null) {
            return fallback;
        }
        try {
            return LocalTime.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest("'send_time' must be a time of day like 09:00 (the hotel's time zone)");
        }
    }
}
