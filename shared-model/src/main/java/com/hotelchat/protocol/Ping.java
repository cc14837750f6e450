package com.hotelchat.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Not in the seed: the application-level heartbeat, the same on the staff and the guest socket. A browser sees neither
 * ping frames nor, for minutes, a dead connection, so a client asks and awaits the {@code pong}. It is answered to the
 * sending session only, costs no database read and no bus publish, and counts against the flood limit like any
 * command. {@code id} (optional, at most {@link Limits#MAX_PING_ID_CHARS} characters) comes back in the pong. It names
 * no conversation: {@link #conversationId()} is 0.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "id"})
public record Ping(String id) implements ClientCommand, GuestCommand {

    public static final String TYPE = "ping";

    @Override
    @JsonProperty("type")
    public String type() {
        return TYPE;
    }

    /** Not about a conversation. */
    @Override
    @com.fasterxml.jackson.annotation.JsonIgnore
    public long conversationId() {
        return 0;
    }
}
