package com.hotelchat.node.template;

import com.hotelchat.db.tools.GuestProfile;
import com.hotelchat.domain.Template;
import com.hotelchat.domain.TemplatePrefill;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the desk knows that a template's parameters can be filled with: the guest's name, room and dates from their
 * profile, the name of the staff member who sends. Dates are written the way the template's language writes them
 * ("24 December 2026" in {@code en_GB}, "24. Dezember 2026" in {@code de}).
 */
public final class ProfileValues {

    private final GuestProfile guest;
    private final String agentName;

    public ProfileValues(GuestProfile guest, String agentName) {
        this.guest = guest;
        this.agentName = agentName;
    }

    /** The value of a {@link TemplatePrefill} field, or null when the desk does not know it. */
    String field(String field, String templateLanguage) {
        return switch (field) {
            case TemplatePrefill.GUEST_NAME -> guest.name();
            case TemplatePrefill.ROOM_NUMBER -> guest.roomNumber();
            case TemplatePrefill.CHECK_IN -> date(guest.checkInDate(), templateLanguage);
            case TemplatePrefill.CHECK_OUT -> date(guest.checkOutDate(), templateLanguage);
            case TemplatePrefill.AGENT_NAME -> agentName;
            default -> null;
        };
    }

    /** The parameters the prefill maps to a field the desk knows, by parameter; the others are absent. */
    public Map<String, String> prefilled(Template t, List<String> parameters) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String parameter : parameters) {
            String field = t.prefill() == null ? null : t.prefill().fieldOf(parameter);
            String value = field == null ? null : field(field, t.language());
            if (value != null && !value.isBlank()) {
                values.put(parameter, value);
            }
        }
        return values;
    }

    private static String date(LocalDate date, String templateLanguage) {
        if (date == null) {
            return null;
        }
        Locale locale = Locale.forLanguageTag(templateLanguage.replace('_', '-'));
        return DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale).format(date);
    }
}
