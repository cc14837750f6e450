package com.hotelchat.node.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotelchat.domain.Template;
import com.hotelchat.domain.TemplateContent;
import com.hotelchat.domain.TemplatePrefill;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A template as an admin registers or edits it, checked against WhatsApp's own rules so that what is registered here
 * is what WhatsApp approved: body at most 1,024 characters, a text header of at most 60 with at most one parameter,
 * a footer of at most 60 without any, at most 10 buttons, parameters numbered {{1}} to {{n}} without gaps (or all
 * named), a prefill only for parameters the template has.
 */
final class TemplateForm {

    static final String CLASH = "A template of that name and language is registered already";
    private static final Pattern NAME = Pattern.compile("[a-z0-9_]{1,512}");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(_[A-Za-z0-9]{2,8})?");
    private static final List<String> HEADER_FORMATS = List.of("TEXT", "IMAGE", "VIDEO", "DOCUMENT", "LOCATION");
    private static final List<String> BUTTON_TYPES = List.of("QUICK_REPLY", "URL", "PHONE_NUMBER", "COPY_CODE", "OTP");
    private static final int MAX_BODY = 1024;
    private static final int MAX_HEADER = 60;
    private static final int MAX_FOOTER = 60;
    private static final int MAX_BUTTONS = 10;
    private static final int MAX_BUTTON_TEXT = 25;

    /** {@code {"name", "language", "category", "body", "status"?, "header"?, "footer"?, "buttons"?, "prefill"?}}. */
    Template created(JsonNode body) {
        return checked(new Template(0, name(Fields.requiredText(body, "name", 512)),
                language(Fields.requiredText(body, "language", 16)), category(Fields.requiredText(body, "category", 32)),
                status(Fields.optionalText(body, "status", 32), Template.APPROVED),
                new TemplateContent(header(body.get("header")), Fields.requiredText(body, "body", MAX_BODY),
                        Fields.optionalText(body, "footer", MAX_FOOTER), buttons(body.get("buttons"))),
                prefill(body.get("prefill")), null, null));
    }

    /** {@code current} with the fields {@code body} has; each as on create (null clears header, footer, buttons). */
    Template changed(Template current, JsonNode body) {
        TemplateContent c = current.content();
        TemplateContent content = new TemplateContent(
                body.has("header") ? header(body.get("header")) : c.header(),
                body.has("body") ? Fields.requiredText(body, "body", MAX_BODY) : c.body(),
                body.has("footer") ? Fields.optionalText(body, "footer", MAX_FOOTER) : c.footer(),
                body.has("buttons") ? buttons(body.get("buttons")) : c.buttons());
        return checked(new Template(current.id(),
                body.has("name") ? name(Fields.requiredText(body, "name", 512)) : current.name(),
                body.has("language") ? language(Fields.requiredText(body, "language", 16)) : current.language(),
                body.has("category") ? category(Fields.requiredText(body, "category", 32)) : current.category(),
                body.has("status") ? status(Fields.optionalText(body, "status", 32), current.status()) : current.status(),
                content, body.has("prefill") ? prefill(body.get("prefill")) : current.prefill(), current.whatsappId(),
                current.updatedAt()));
    }

    /** A body's {@code field}: an object of parameter -> text ({@code {"1": "Jane"}}); absent: none given. */
    static Map<String, String> values(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw ApiError.badRequest("'" + field + "' must be an object of parameter and text, like {\"1\": \"Jane\"}");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (var entry : node.properties()) {
            if (!entry.getValue().isTextual()) {
                throw ApiError.badRequest("'" + field + "' must map each parameter to a text");
            }
            values.put(entry.getKey(), Fields.optionalText(node, entry.getKey(), 1024));
        }
        return values;
    }

    private static Template checked(Template t) {
        TemplateContent c = t.content();
        if (c.header() != null && c.header().textual() && c.headerParameters().size() > 1) {
            throw ApiError.badRequest("A text header has at most one parameter ({{1}})");
        }
        if (c.footer() != null && c.footer().contains("{{")) {
            throw ApiError.badRequest("A footer has no parameters");
        }
        numbered(c.headerParameters(), "header");
        numbered(c.bodyParameters(), "body");
        Set<String> all = new HashSet<>(c.headerParameters());
        all.addAll(c.bodyParameters());
        for (String parameter : t.prefill().fields().keySet()) {
            if (!all.contains(parameter)) {
                throw ApiError.badRequest("'prefill' names {{" + parameter + "}}, which the template does not have");
            }
        }
        return t;
    }

    /** Positional parameters are {{1}} .. {{n}}, each used; named ones are all named. */
    private static void numbered(List<String> parameters, String part) {
        boolean positional = parameters.stream().allMatch(p -> p.chars().allMatch(Character::isDigit));
        boolean named = parameters.stream().noneMatch(p -> p.chars().allMatch(Character::isDigit));
        if (!positional && !named) {
            throw ApiError.badRequest("The " + part + " mixes numbered and named parameters; WhatsApp takes one kind");
        }
        if (positional) {
            List<Integer> numbers = parameters.stream().map(Integer::parseInt).sorted().toList();
            for (int i = 0; i < numbers.size(); i++) {
                if (numbers.get(i) != i + 1) {
                    throw ApiError.badRequest("The " + part + "'s parameters must be numbered {{1}} to {{"
                            + numbers.size() + "}} without gaps");
                }
            }
        }
    }

    private static String name(String name) {
        if (!NAME.matcher(name).matches()) {
            throw ApiError.badRequest("'name' must be the template's name at WhatsApp: lowercase letters, digits and '_'");
        }
        return name;
    }

    private static String language(String language) {
        if (!LANGUAGE.matcher(language).matches()) {
            throw ApiError.badRequest("'language' must be WhatsApp's language code, like en, en_US or pt_BR");
        }
        return language;
    }

    private static String category(String category) {
        if (!Template.CATEGORIES.contains(category)) {
            throw ApiError.badRequest("'category' must be one of " + String.join(", ", Template.CATEGORIES));
        }
        return category;
    }

    private static String status(String status, String fallback) {
        if (status == null) {
            return fallback;
        }
        if (!Template.STATUSES.contains(status)) {
            throw ApiError.badRequest("'status' must be one of " + String.join(", ", Template.STATUSES));
        }
        return status;
    }

    private static TemplateContent.Header header(JsonNode header) {
        if (header == null || header.isNull()) {
            return null;
        }
        if (!header.isObject()) {
            throw ApiError.badRequest("'header' must be {\"format\": \"TEXT\", \"text\": ...} or a media format");
        }
        String format = Fields.optionalText(header, "format", 16);
        format = format == null ? "TEXT" : format.toUpperCase();
        if (!HEADER_FORMATS.contains(format)) {
            throw ApiError.badRequest("'header.format' must be one of " + String.join(", ", HEADER_FORMATS));
        }
        String text = format.equals("TEXT") ? Fields.requiredText(header, "text", MAX_HEADER) : null;
        return new TemplateContent.Header(format, text);
    }

    private static List<TemplateContent.Button> buttons(JsonNode buttons) {
        if (buttons == null || buttons.isNull()) {
            return List.of();
        }
        if (!buttons.isArray() || buttons.size() > MAX_BUTTONS) {
            throw ApiError.badRequest("'buttons' must be a list of at most " + MAX_BUTTONS + " buttons");
        }
        List<TemplateContent.Button> list = new ArrayList<>();
        for (JsonNode b : buttons) {
            if (!b.isObject()) {
                throw ApiError.badRequest("Each button must be {\"type\", \"text\", \"url\"?, \"phone_number\"?}");
            }
            String type = Fields.requiredText(b, "type", 16).toUpperCase();
            if (!BUTTON_TYPES.contains(type)) {
                throw ApiError.badRequest("A button's 'type' must be one of " + String.join(", ", BUTTON_TYPES));
            }
            String url = type.equals("URL") ? Fields.requiredText(b, "url", 2000) : null;
            String phone = type.equals("PHONE_NUMBER") ? Fields.requiredText(b, "phone_number", 20) : null;
            list.add(new TemplateContent.Button(type, Fields.requiredText(b, "text", MAX_BUTTON_TEXT), url, phone));
        }
        return list;
    }

    private static TemplatePrefill prefill(JsonNode prefill) {
        if (prefill == null || prefill.isNull()) {
            return TemplatePrefill.NONE;
        }
        if (!prefill.isObject()) {
            throw ApiError.badRequest("'prefill' must map parameters to profile fields, like {\"1\": \"guest_name\"}");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (var entry : prefill.properties()) {
            String field = entry.getValue().asText("");
            if (!TemplatePrefill.FIELDS.contains(field)) {
                throw ApiError.badRequest("'prefill' fields must be one of " + String.join(", ", TemplatePrefill.FIELDS));
            }
            fields.put(entry.getKey(), field);
        }
        return new TemplatePrefill(fields);
    }
}
