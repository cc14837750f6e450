package com.hotelchat.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * A conversation as announced by {@code new_conversation}. {@code window_expires_at} (absent when the guest never
 * wrote over WhatsApp) is when WhatsApp stops accepting free-form replies. Beyond the seed, each present only when it
 * applies: {@code assignee}, {@code waiting_since} (a guest waits for an answer since then) and {@code snoozed_until};
 * and {@code version} (grows with each committed change of what the desk sees of the conversation), {@code labels}
 * and {@code guest_info} (the guest's id, name and room), which the server always sends (nullable only so that a
 * seed-shaped event reads and writes back as it was). {@code transferred_from} only on the {@code new_conversation}
 * that announces a transfer to the department it joined: where it came from, the note, who sent it.
 */
public record ConversationData(long id, String guestName, String department, String conversationType, String status,
                               Instant createdAt, String lastMessagePreview,
                               @JsonInclude(JsonInclude.Include.NON_NULL) Instant windowExpiresAt,
                               @JsonInclude(JsonInclude.Include.NON_NULL) AssigneeData assignee,
                               @JsonInclude(JsonInclude.Include.NON_NULL) Instant waitingSince,
                               @JsonInclude(JsonInclude.Include.NON_NULL) Instant snoozedUntil,
                               @JsonInclude(JsonInclude.Include.NON_NULL) Long version,
                               @JsonInclude(JsonInclude.Include.NON_NULL) List<ToolsData.LabelData> labels,
                               @JsonInclude(JsonInclude.Include.NON_NULL) GuestInfo guestInfo,
                               @JsonInclude(JsonInclude.Include.NON_NULL) DeskData.TransferredFrom transferredFrom) {

    /** This conversation as the department a transfer brought it to is told of it. */
    public ConversationData transferredFrom(DeskData.TransferredFrom from) {
        return new ConversationData(id, guestName, department, conversationType, status, createdAt, lastMessagePreview,
                windowExpiresAt, assignee, waitingSince, snoozedUntil, version, labels, guestInfo, from);
    }
}
