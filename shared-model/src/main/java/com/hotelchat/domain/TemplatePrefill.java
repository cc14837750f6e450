package com.hotelchat.domain;

import java.util.List;
import java.util.Map;

/**
 * Which of a template's parameters are filled from what the desk knows, keyed by the parameter ({@code "1"},
 * {@code "guest_name"}): one of {@link #FIELDS}. A parameter without an entry is left for staff to write.
 */
public record TemplatePrefill(Map<String, String> fields) {

    public static final String GUEST_NAME = "guest_name";
    public static final String ROOM_NUMBER = "room_number";
    public static final String CHECK_IN = "check_in";
    public static final String CHECK_OUT = "check_out";
    public static final String AGENT_NAME = "agent_name";
    public static final List<String> FIELDS = List.of(GUEST_NAME, ROOM_NUMBER, CHECK_IN, CHECK_OUT, AGENT_NAME);

    public static final TemplatePrefill NONE = new TemplatePrefill(Map.of());

    public TemplatePrefill {
        fields = fields == null ? Map.of() : Map.copyOf(fields);
    }

    /**
     * The field a parameter is filled from: the one set for it, else, for a named parameter that is itself a field's
     * name ({@code {{guest_name}}}), that field; else null.
     */
    public String fieldOf(String parameter) {
        String set = fields.get(parameter);
        if (set != null) {
            return set;
        }
        return FIELDS.contains(parameter) ? parameter : null;
    }
}
