package com.hotelchat.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The {@code data} of a {@code conversation_update} event: a nested {@code type} and its own {@code data}. */
public sealed interface ConversationUpdate permits ConversationUpdate.NewMessage, ConversationUpdate.Closed {

    @JsonProperty("type")
    String type();

    @JsonPropertyOrder({"type", "data"})
    record NewMessage(NewMessageData data) implements ConversationUpdate {
        public static final String TYPE = "new_message";

        @Override
        @JsonProperty("type")
        public String type() {
            return TYPE;
        }
    }

    @JsonPropertyOrder({"type", "data"})
    record Closed(ClosedData data) implements ConversationUpdate {
        public static final String TYPE = "closed";

        @Override
        @JsonProperty("type")
        public String type() {
            return TYPE;
        }
    }
}
