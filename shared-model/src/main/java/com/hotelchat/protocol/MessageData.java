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
 * lists the files it carries and {@code location} a shared place (both absent on a plain text message),
 * {@code activity} makes the private message an entry of the conversation's timeline (what changed, by whom), and
 * {@code client_message_id} is the sender's own key of the message, when it was sent with one: staff see it (a
 * client recognises the echo of what it sent by it); the guest's socket never gets it ({@link #forGuest()}).
 * {@code template} names the approved WhatsApp template the message went out as (its {@code content} is the text the
 * guest reads).
 */
public record MessageData(long id, long conversationId, String senderType, String senderName, String content,
                          Instant createdAt, GuestInfo guestInfo,
                          @JsonProperty("private") @JsonInclude(JsonInclude.Include.NON_NULL) Boolean privateNote,
                          @JsonInclude(JsonInclude.Include.NON_EMPTY) List<AttachmentData> attachments,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Location location,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Activity activity,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String clientMessageId,
                          @JsonInclude(JsonInclude.Include.NON_NULL) com.hotelchat.domain.TemplateUse template) {

    public MessageData(long id, long conversationId, String senderType, String senderName, String content,
                       Instant createdAt, GuestInfo guestInfo, Boolean privateNote) {
        this(id, conversationId, senderType, senderName, content, createdAt, guestInfo, privateNote, List.of(), null,
                null, null, null);
    }

    /** The message as the guest's socket shows it: without the sender's {@code client_message_id}. */
    public MessageData forGuest() {
        return clientMessageId == null ? this : new MessageData(id, conversationId, senderType, senderName, content,
                createdAt, guestInfo, privateNote, attachments, location, activity, null, template);
    }
}
