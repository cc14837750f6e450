package com.hotelchat.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an approved WhatsApp template says, as WhatsApp holds it: an optional header (a text, or a media slot), the
 * body, an optional footer and buttons. Text may hold parameters: positional ({@code {{1}}}, {@code {{2}}}, ...) or
 * named ({@code {{guest_name}}}), each filled when the template is sent.
 */
public record TemplateContent(Header header, String body, String footer, List<Button> buttons) {

    /** {@code {{1}}} or {@code {{first_name}}}, as WhatsApp writes them (spaces inside the braces tolerated). */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([a-z0-9_]{1,64})\\s*}}");

    /** The header: {@code format} TEXT (then {@code text}), or IMAGE, VIDEO, DOCUMENT or LOCATION (a media slot). */
    public record Header(String format, String text) {
        public static final String TEXT = "TEXT";

        public boolean textual() {
            return TEXT.equals(format);
        }
    }

    /** A button: QUICK_REPLY, URL or PHONE_NUMBER (and others WhatsApp offers), with what it shows and does. */
    public record Button(String type, String text, String url, String phoneNumber) {}

    public TemplateContent {
        buttons = buttons == null ? List.of() : List.copyOf(buttons);
    }

    /** The body's parameters, each once, in the order they first appear. */
    public List<String> bodyParameters() {
        return placeholders(body);
    }

    /** The text header's parameters (WhatsApp allows one); none for a media header or none at all. */
    public List<String> headerParameters() {
        return header != null && header.textual() ? placeholders(header.text()) : List.of();
    }

    /** Whether the parameters are named ({@code {{guest_name}}}) rather than numbered. */
    public boolean namedParameters() {
        List<String> all = new ArrayList<>(headerParameters());
        all.addAll(bodyParameters());
        return all.stream().anyMatch(p -> !p.chars().allMatch(Character::isDigit));
    }

    /**
     * The template as the guest reads it, with its parameters filled in: the header, the body, the footer and the
     * buttons' labels, each on its own paragraph.
     */
    public String render(Map<String, String> headerValues, Map<String, String> bodyValues) {
        StringBuilder text = new StringBuilder();
        if (header != null && header.textual()) {
            text.append(fill(header.text(), headerValues)).append("\n\n");
        }
        text.append(fill(body, bodyValues));
        if (footer != null && !footer.isBlank()) {
            text.append("\n\n").append(footer);
        }
        if (!buttons.isEmpty()) {
            text.append("\n");
            for (Button b : buttons) {
                text.append("\n[").append(b.text()).append(']');
            }
        }
        return text.toString();
    }

    private static String fill(String text, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(values.getOrDefault(m.group(1), m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static List<String> placeholders(String text) {
        List<String> found = new ArrayList<>();
        if (text == null) {
            return found;
        }
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            if (!found.contains(m.group(1))) {
                found.add(m.group(1));
            }
        }
        return found;
    }
}
