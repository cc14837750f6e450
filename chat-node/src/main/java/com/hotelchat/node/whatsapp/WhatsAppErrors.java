package com.hotelchat.node.whatsapp;

import java.util.Map;

/**
 * WhatsApp's error codes that staff can act on, said in their words: a closed 24-hour window, a template WhatsApp no
 * longer sends (paused, disabled, unknown in that language) or one sent with the wrong parameters. WhatsApp reports
 * them in the send's answer or later in a {@code failed} status webhook; either way the sender sees the same sentence
 * in {@code message_status}, followed by WhatsApp's own code and words.
 */
final class WhatsAppErrors {

    static final int WINDOW_CLOSED = 131047;
    static final int WINDOW_CLOSED_LEGACY = 470;
    static final int PARAMETER_COUNT = 132000;
    static final int TEMPLATE_UNKNOWN = 132001;
    static final int PARAMETER_FORMAT = 132012;
    static final int TEMPLATE_PAUSED = 132015;
    static final int TEMPLATE_DISABLED = 132016;

    private static final String WINDOW = "Not delivered: the guest's 24-hour WhatsApp window is closed (no message from "
            + "them for 24 hours). Send an approved template instead; free text works again once the guest writes";
    private static final Map<Integer, String> READABLE = Map.of(
            WINDOW_CLOSED, WINDOW,
            WINDOW_CLOSED_LEGACY, WINDOW,
            PARAMETER_COUNT, "WhatsApp refused the template: its number of parameters does not match the template "
                    + "WhatsApp approved (an admin should check the template here against WhatsApp's, or import it again)",
            TEMPLATE_UNKNOWN, "WhatsApp refused the template: WhatsApp has no approved template of that name in that "
                    + "language (it may have been deleted or renamed; an admin can import the templates again)",
            PARAMETER_FORMAT, "WhatsApp refused the template: a parameter's format does not match the approved template",
            TEMPLATE_PAUSED, "WhatsApp refused the template: WhatsApp paused it for low quality. Use another template, "
                    + "or send this one again once WhatsApp un-pauses it",
            TEMPLATE_DISABLED, "WhatsApp refused the template: WhatsApp disabled it for low quality. Use another template");

    private WhatsAppErrors() {}

    /** The reason staff read for WhatsApp's {@code code} (0: none) and {@code message}. */
    static String reason(int code, String message) {
        String readable = READABLE.get(code);
        String theirs = message == null || message.isBlank() ? "" : ": " + message;
        if (readable != null) {
            return readable + " (WhatsApp error " + code + theirs + ")";
        }
        return code == 0 ? (message == null ? "unknown error" : message) : message + " (WhatsApp error " + code + ")";
    }
}
