package com.hotelchat.domain;

import java.time.Instant;
import java.util.List;

/**
 * A WhatsApp message template the business had approved, registered here by an admin or imported from the WhatsApp
 * Business Management API. {@code name} and {@code language} (WhatsApp's code, {@code en_US}) name it at WhatsApp;
 * {@code status} is WhatsApp's review state (only {@link #APPROVED} ones can be sent); {@code whatsappId} is
 * WhatsApp's id when it was imported.
 */
public record Template(long id, String name, String language, String category, String status, TemplateContent content,
                      TemplatePrefill prefill, String whatsappId, Instant updatedAt) {

    public static final String APPROVED = "APPROVED";
    public static final List<String> CATEGORIES = List.of("MARKETING", "UTILITY", "AUTHENTICATION");
    public static final List<String> STATUSES = List.of("APPROVED", "PENDING", "REJECTED", "PAUSED", "DISABLED",
            "IN_APPEAL", "PENDING_DELETION", "DELETED", "LIMIT_EXCEEDED");

    public boolean approved() {
        return APPROVED.equals(status);
    }
}
