package com.hotelchat.domain;

import java.util.Map;

/**
 * What staff gave a template's parameters, by parameter as the template writes it ({@code "1"}, {@code "guest_name"}):
 * those of a text header and those of the body. Parameters left out are filled from the guest's profile when the
 * template goes out.
 */
public record TemplateValues(Map<String, String> header, Map<String, String> body) {

    public static final TemplateValues NONE = new TemplateValues(Map.of(), Map.of());

    public TemplateValues {
        header = header == null ? Map.of() : Map.copyOf(header);
        body = body == null ? Map.of() : Map.copyOf(body);
    }
}
