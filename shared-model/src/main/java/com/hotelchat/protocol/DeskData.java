package com.hotelchat.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.hotelchat.domain.Activity;
import java.time.Instant;

/**
 * The {@code data} of the queue's events (not in the seed protocol; additive). Each that concerns the conversation's
 * state carries its {@code version} and the whole state at that version ({@code conversation}, as
 * {@code new_conversation} has it): a session gets them in ascending version order, and one overtaken by a later
 * version is not sent at all, since the later one's {@code conversation} holds what it changed.
 */
public final class DeskData {

    private DeskData() {}

    /** {@code conversation_assigned}: {@code assigned_by} is null for an automatic assignment. */
    public record Assigned(long conversationId, String department, AssigneeData assignee, AssigneeData assignedBy,
                           boolean automatic, long version, ConversationData conversation) {}

    /**
     * {@code conversation_status}: {@code reason} is {@code staff} (with {@code changed_by}), {@code guest_message}
     * (a guest's message reopened it) or {@code snooze_expired}.
     */
    public record StatusChanged(long conversationId, String department, String status, String previousStatus,
                                @JsonInclude(JsonInclude.Include.NON_NULL) Instant snoozedUntil, String reason,
                                AssigneeData changedBy, long version, ConversationData conversation) {
        public static final String BY_STAFF = Activity.StatusChanged.BY_STAFF;
        public static final String BY_GUEST_MESSAGE = Activity.StatusChanged.BY_GUEST_MESSAGE;
        public static final String SNOOZE_EXPIRED = Activity.StatusChanged.SNOOZE_EXPIRED;
    }

    /** {@code conversation_transferred}: to the department it left; the new one gets {@code new_conversation}. */
    public record Transferred(long conversationId, String fromDepartment, String toDepartment,
                              @JsonInclude(JsonInclude.Include.NON_NULL) String note, AssigneeData transferredBy,
                              AssigneeData assignee, long version, ConversationData conversation) {}

    /**
     * {@code transferred_from} of the {@code new_conversation} a transfer's new department gets: the department it
     * left, the transfer's note (absent without one) and who transferred it.
     */
    public record TransferredFrom(String department, @JsonInclude(JsonInclude.Include.NON_NULL) String note,
                                  AssigneeData by) {}

    /**
     * {@code conversation_state}: the conversation as it is now, sent when a node repairs what its sessions missed
     * (after it was cut off from the bus, or when a node that committed a change died before announcing it).
     */
    public record State(long conversationId, String department, long version, ConversationData conversation) {}

    /** {@code waiting_alert}: a guest has waited longer than the department's threshold for an answer. */
    public record WaitingAlert(long conversationId, String department, String guestName, Instant waitingSince,
                               int thresholdSeconds, AssigneeData assignee) {}
}
