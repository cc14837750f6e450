package com.hotelchat.protocol;

import com.hotelchat.domain.TemplateValues;
import java.time.Instant;

/**
 * Not in the seed: a scheduled message as staff see it (the {@code scheduled_message} event's data and the REST
 * answers). {@code status}: scheduled, sent (then {@code messageId}), failed (then {@code failure}, why) or cancelled.
 * {@code template} and {@code parameters} only for a template; {@code createdBy} null and {@code journeyRuleId} set for
 * a guest journey rule's message.
 */
public record ScheduledData(long id, long conversationId, String department, String status, Instant sendAt, String kind,
                            String content, TemplateRef template, TemplateValues parameters, AssigneeData createdBy,
                            String senderName, Long messageId, String failure, Long journeyRuleId, Instant updatedAt) {

    /** A template by id and name (null id: it was deleted since). */
    public record TemplateRef(Long id, String name) {}
}
