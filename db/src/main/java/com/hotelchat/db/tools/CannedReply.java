package com.hotelchat.db.tools;

/**
 * A reply staff insert by its short code: a department's ({@code department} set) or a staff member's own
 * ({@code ownerId} set). Its text may hold {@code {guest_name}}, {@code {room_number}} and {@code {agent_name}}.
 */
public record CannedReply(long id, String department, Long ownerId, String code, String text) {

    /** The text with the variables filled in, when it is used. */
    public String render(String guestName, String roomNumber, String agentName) {
        return text.replace("{guest_name}", guestName == null ? "" : guestName)
                .replace("{room_number}", roomNumber == null ? "" : roomNumber)
                .replace("{agent_name}", agentName == null ? "" : agentName);
    }
}
