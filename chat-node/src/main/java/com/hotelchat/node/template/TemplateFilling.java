package com.hotelchat.node.template;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hotelchat.domain.Template;
import com.hotelchat.domain.TemplateContent;
import com.hotelchat.domain.TemplateUse;
import com.hotelchat.protocol.Limits;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Fills a template's parameters (what staff wrote, else what the profile knows) and checks it can go out as WhatsApp
 * takes it: approved, every parameter given once, each a single line, no media header or dynamic button it cannot
 * fill. The answer is the text the guest reads and the Cloud API's template object.
 */
public final class TemplateFilling {

    /** WhatsApp's own limit on one parameter's text, and what it refuses in one (error 132018). */
    static final int MAX_PARAMETER_CHARS = 1024;
    private static final Pattern NOT_ONE_LINE = Pattern.compile("[\\n\\t]| {5,}");

    private final ObjectMapper json;

    public TemplateFilling(ObjectMapper json) {
        this.json = json;
    }

    /** Why the chat cannot send the template at all (whatever the values), or null when it can. */
    public static String unsendable(Template t) {
        if (!t.approved()) {
            return "The template '" + t.name() + "' (" + t.language() + ") is " + t.status().toLowerCase()
                    + " at WhatsApp, not approved: it cannot be sent";
        }
        TemplateContent c = t.content();
        if (c.header() != null && !c.header().textual()) {
            return "The template '" + t.name() + "' has a " + c.header().format().toLowerCase()
                    + " header, which the chat cannot fill: send it from WhatsApp Manager";
        }
        boolean dynamicButton = c.buttons().stream().anyMatch(b -> b.url() != null && b.url().contains("{{"));
        if (dynamicButton) {
            return "The template '" + t.name() + "' has a button with a parameter, which the chat cannot fill";
        }
        return null;
    }

    /**
     * The template with its parameters filled: {@code header} and {@code body} are what staff gave (by parameter, as
     * the template writes it: {@code "1"} or {@code "guest_name"}), {@code profile} fills the rest where it can.
     */
    public PreparedTemplate fill(Template t, Map<String, String> header, Map<String, String> body, ProfileValues profile) {
        String reason = unsendable(t);
        if (reason != null) {
            throw new TemplateRefused(reason);
        }
        TemplateContent c = t.content();
        Map<String, String> headerValues = values(t, "header", c.headerParameters(), header, profile);
        Map<String, String> bodyValues = values(t, "body", c.bodyParameters(), body, profile);
        String text = c.render(headerValues, bodyValues);
        if (text.length() > Limits.MAX_CONTENT_CHARS) {
            throw new TemplateRefused("The filled template is " + text.length() + " characters long; a message may have "
                    + "at most " + Limits.MAX_CONTENT_CHARS + ": shorten the parameters");
        }
        TemplateUse use = new TemplateUse(t.name(), t.language(), List.copyOf(headerValues.values()),
                List.copyOf(bodyValues.values()));
        return new PreparedTemplate(text, use, cloudTemplate(t, headerValues, bodyValues));
    }

    private static Map<String, String> values(Template t, String part, List<String> parameters, Map<String, String> given,
                                              ProfileValues profile) {
        Map<String, String> known = profile == null ? Map.of() : profile.prefilled(t, parameters);
        Map<String, String> values = new LinkedHashMap<>();
        for (String parameter : parameters) {
            String value = given.get(parameter);
            if (value == null || value.isBlank()) {
                value = known.get(parameter);
            }
            if (value == null || value.isBlank()) {
                throw new TemplateRefused("The template's " + part + " needs a value for {{" + parameter + "}}"
                        + (known.containsKey(parameter) ? "" : ": the guest's profile does not give one"));
            }
            value = value.strip();
            if (value.length() > MAX_PARAMETER_CHARS || NOT_ONE_LINE.matcher(value).find()) {
                throw new TemplateRefused("{{" + parameter + "}} must be one line of at most " + MAX_PARAMETER_CHARS
                        + " characters, without tabs or more than four spaces in a row (WhatsApp refuses them)");
            }
            values.put(parameter, value);
        }
        List<String> unknown = new ArrayList<>(given.keySet());
        unknown.removeAll(parameters);
        if (!unknown.isEmpty()) {
            throw new TemplateRefused("The template's " + part + " has no parameter {{" + unknown.get(0) + "}}");
        }
        return values;
    }

    /** The Cloud API's {@code template} object: name, language, and a component per part that has parameters. */
    private String cloudTemplate(Template t, Map<String, String> header, Map<String, String> body) {
        ObjectNode template = json.createObjectNode();
        template.put("name", t.name());
        template.putObject("language").put("code", t.language());
        ArrayNode components = template.putArray("components");
        boolean named = t.content().namedParameters();
        component(components, "header", header, named);
        component(components, "body", body, named);
        return template.toString();
    }

    private static void component(ArrayNode components, String type, Map<String, String> values, boolean named) {
        if (values.isEmpty()) {
            return;
        }
        ObjectNode component = components.addObject().put("type", type);
        ArrayNode parameters = component.putArray("parameters");
        values.forEach((name, value) -> {
            ObjectNode p = parameters.addObject().put("type", "text");
            if (named) {
                p.put("parameter_name", name);
            }
            p.put("text", value);
        });
    }
}
