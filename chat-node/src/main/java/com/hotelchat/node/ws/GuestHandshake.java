package com.hotelchat.node.ws;

import com.hotelchat.db.conversation.Conversations;
import com.hotelchat.domain.Conversation;
import com.hotelchat.node.auth.TokenClaims;
import com.hotelchat.node.auth.TokenService;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** A guest handshake needs a valid guest token ({@code ?token=}) naming an existing conversation of that guest. */
final class GuestHandshake extends ChatHandshake {

    static final String CONVERSATION = "chat.guest.conversation";
    static final String RESUME_AFTER = "chat.guest.resume";

    private final TokenService tokens;
    private final Conversations conversations;

    GuestHandshake(TokenService tokens, Conversations conversations, BooleanSupplier accepting,
                   Supplier<GuestSocket> sockets) {
        super(accepting, sockets);
        this.tokens = tokens;
        this.conversations = conversations;
    }

    @Override
    void authenticate(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        List<String> token = request.getParameterMap().get("token");
        Optional<Conversation> conversation = Optional.ofNullable(token == null || token.isEmpty() ? null : token.get(0))
                .flatMap(tokens::verify)
                .filter(TokenClaims.GuestAccess.class::isInstance)
                .map(TokenClaims.GuestAccess.class::cast)
                .flatMap(claims -> conversations.find(claims.conversationId())
                        .filter(c -> c.guestId() == claims.guestId()));
        if (conversation.isEmpty()) {
            throw HandshakeRejection.reject(response, 401, "Unauthorized");
        }
        config.getUserProperties().put(CONVERSATION, conversation.get());
        List<String> resume = request.getParameterMap().get("last_message_id");
        if (resume != null && !resume.isEmpty()) {
            config.getUserProperties().put(RESUME_AFTER, resumePoint(resume.get(0), response));
        } else {
            config.getUserProperties().remove(RESUME_AFTER);
        }
    }

    /** {@code ?last_message_id=N}: the guest has every message up to N (0: none yet) and wants the rest first. */
    private static Long resumePoint(String value, HandshakeResponse response) {
        try {
            long id = Long.parseLong(value);
            if (id >= 0) {
                return id;
            }
        } catch (NumberFormatException ignored) {
            // refused below
        }
        throw HandshakeRejection.reject(response, 400, "last_message_id must be a non-negative integer");
    }
}
