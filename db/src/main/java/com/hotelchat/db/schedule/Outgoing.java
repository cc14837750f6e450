package com.hotelchat.db.schedule;

import com.hotelchat.domain.TemplateUse;

/** What a due scheduled message goes out as, decided when it is due (a template is filled then). */
public sealed interface Outgoing {

    /** A staff text; {@code overWhatsApp} as on an ordinary reply (refused when the guest's window is closed). */
    record Text(String content, boolean overWhatsApp) implements Outgoing {}

    /** A filled template: the text the guest reads, the template it is, the Cloud API's template object (JSON). */
    record Template(String text, TemplateUse use, String cloudTemplate) implements Outgoing {}

    /** It cannot go: why, for the staff member who scheduled it. */
    record Refused(String reason) implements Outgoing {}
}
