package com.hotelchat.node.schedule;

import com.hotelchat.db.message.AppendResult;

/** Why a scheduled message did not go when it was due, in the words the staff member who scheduled it reads. */
final class ScheduleRefusals {

    static final String GONE = "The conversation no longer exists";
    static final String WINDOW_CLOSED = "Not sent: the guest's 24-hour WhatsApp window was closed when this text was "
            + "due (free text reaches a WhatsApp guest only within 24 hours of their last message). Send or schedule "
            + "an approved template instead";
    static final String CLOSED = "Not sent: the conversation was closed when this was due. Reopen it and send again";

    private ScheduleRefusals() {}

    static String whyNot(AppendResult result) {
        return switch (result) {
            case AppendResult.WindowClosed closed -> WINDOW_CLOSED;
            case AppendResult.ConversationClosed closed -> CLOSED;
            case AppendResult.ConversationNotFound notFound -> GONE;
            default -> "Not sent: " + result.getClass().getSimpleName();
        };
    }
}
