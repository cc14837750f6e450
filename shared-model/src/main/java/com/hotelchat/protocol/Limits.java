package com.hotelchat.protocol;

/** Input limits that every client can rely on (see CONTRACT.md, "Permissions and bad input"). */
public final class Limits {
    public static final int MAX_CONTENT_CHARS = 4096;
    public static final int MAX_CLIENT_MESSAGE_ID_CHARS = 64;
    /** The optional id of a {@code ping}, echoed in its {@code pong}. */
    public static final int MAX_PING_ID_CHARS = 64;
    public static final int MAX_FRAME_BYTES = 64 * 1024;
    /** A transfer's note. */
    public static final int MAX_NOTE_CHARS = 1000;
    /** What {@code set_conversation_status} accepts (closing has the seed's own command). */
    public static final java.util.List<String> SETTABLE_STATUSES = java.util.List.of("active", "pending", "snoozed");
    public static final java.util.regex.Pattern DEPARTMENT_NAME = java.util.regex.Pattern.compile("[a-z0-9_-]{1,64}");

    /** Files on one message. */
    public static final int MAX_ATTACHMENTS = 10;
    /** An upload's id as the media endpoint hands it out. */
    public static final java.util.regex.Pattern MEDIA_ID = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{16,64}");

    /** PostgreSQL stores no NUL character in text: text that holds one is refused wherever it comes in. */
    public static boolean containsNul(String text) {
        return text.indexOf('\u0000') >= 0;
    }

    private Limits() {}
}
