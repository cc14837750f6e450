package com.hotelchat.db.schedule;

import com.hotelchat.domain.TemplateValues;
import java.time.Instant;

/**
 * A message to go into a conversation at {@code sendAt}: a text, or a template ({@code templateId}, with the values
 * staff gave its parameters; {@code content} then is its text as it read when scheduled). {@code status}:
 * {@link #SCHEDULED} until it goes, then {@link #SENT} (as {@code messageId}) or {@link #FAILED} (with
 * {@code failure}); or {@link #CANCELLED}. {@code createdBy} null: a journey rule's ({@code journeyRuleId}).
 */
public record ScheduledMessage(long id, long conversationId, String department, Long createdBy, String senderName,
                               Instant sendAt, String kind, String content, Long templateId, String templateName,
                               TemplateValues parameters, String status, Long messageId, String failure,
                               Long journeyRuleId, Instant updatedAt) {

    public static final String TEXT = "text";
    public static final String TEMPLATE = "template";
    public static final String SCHEDULED = "scheduled";
    public static final String SENT = "sent";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";

    public boolean isTemplate() {
        return TEMPLATE.equals(kind);
    }
}
