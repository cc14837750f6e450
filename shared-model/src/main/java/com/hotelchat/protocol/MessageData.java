package com.hotelchat.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.hotelchat.domain.Activity;
import com.hotelchat.domain.Location;
import java.time.Instant;
import java.util.List;

/**
 * A stored message as clients see it: the {@code data} of a {@code message} event and of history entries. Beyond the
 * seed, {@code "private": true} marks a private note (staff only; absent on every other message), {@code attachments}
 * lists the files it carries and {@code location} a shared place (both absent on a plain text message), and
 * {@code activity} makes the private message an entry of the conversation's timeline (what changed, by whom).
 */
public record MessageData(long id, long conversationId, String senderType, String senderName, String content,
                          Instant createdAt, GuestInfo guestInfo,
                          @JsonProperty("private") @JsonInclude(JsonInclude.Include.NON_NULL) Boolean privateNote,
                          @JsonInclude(JsonInclude.Include.NON_EMPTY) List<AttachmentData> attachments,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Location location,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Activity activity) {

    public MessageData(long id, long conversationId, String senderType, String senderName, String content,
                       Instant createdAt, GuestInfo guestInfo, Boolean privateNote) {
        this(id, conversationId, senderType, senderName, content, createdAt, guestInfo, privateNote, List.of(), null,
                null);
    }
}
