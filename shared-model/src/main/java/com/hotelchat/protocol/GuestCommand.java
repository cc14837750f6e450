package com.hotelchat.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A command a guest web-chat client sends over {@code /ws/guest/}; the conversation is implied by its token. */
public sealed interface GuestCommand permits GuestCommand.GuestText, GuestCommand.GuestTyping, Ping {

    /** {@code attachments}: ids of files the guest uploaded; with them {@code content} may be empty. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record GuestText(String content, String clientMessageId, java.util.List<String> attachments) implements GuestCommand {
        public GuestText(String content, String clientMessageId) {
            this(content, clientMessageId, java.util.List.of());
        }

        @JsonProperty("type")
        public String type() {
            return "text";
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record GuestTyping(boolean isTyping) implements GuestCommand {
        @JsonProperty("type")
        public String type() {
            return "typing";
        }
    }
}
