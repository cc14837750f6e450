package com.hotelchat.protocol;

import java.time.LocalDate;
import java.util.List;

/** The {@code data} of the desk tools' events (not in the seed protocol; additive). */
public final class ToolsData {

    private ToolsData() {}

    public record LabelData(long id, String name, String color) {}

    /** {@code conversation_labels}: the conversation's labels now, to its department. */
    public record LabelsChanged(long conversationId, String department, List<LabelData> labels, AssigneeData changedBy,
                                long version, ConversationData conversation) {}

    /** A guest's profile as the desk sees it (never sent to the guest). */
    public record GuestProfileData(long id, String name, String roomNumber, String whatsappNumber, LocalDate checkIn,
                                   LocalDate checkOut, String language, String notes) {}

    /**
     * {@code guest_updated}: once for each conversation of that guest, to its department, with the conversation's
     * version (a profile change moves the version of every conversation of the guest).
     */
    public record GuestUpdated(long conversationId, String department, GuestProfileData guest, AssigneeData changedBy,
                               long version, ConversationData conversation) {}
}
