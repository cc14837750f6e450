package com.hotelchat.node.ws;

import com.hotelchat.domain.Conversation;
import com.hotelchat.node.chat.EventFactory;
import com.hotelchat.node.chat.GuestChat;
import com.hotelchat.node.metrics.NodeMetrics;
import com.hotelchat.node.session.ClientSession;
import com.hotelchat.node.session.CommandRateLimiter;
import com.hotelchat.protocol.Decoded;
import com.hotelchat.protocol.GuestCommand;
import com.hotelchat.protocol.JsonCodec;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import java.util.Set;
import org.slf4j.MDC;

/** {@code /ws/guest/}: a guest's web chat for the conversation its token names. */
public final class GuestSocket extends ChatSocket {

    private final Deps deps;
    private Conversation conversation;

    public record Deps(String nodeId, JsonCodec codec, EventFactory events, GuestChat chat, int maxCommandsPerSecond,
                       int sendQueueLimit, NodeMetrics metrics) {}

    GuestSocket(Deps deps) {
        super(deps.nodeId(), deps.events(), deps.maxCommandsPerSecond(), deps.metrics());
        this.deps = deps;
    }

    @Override
    ClientSession open(Session ws, EndpointConfig config, String sessionId) {
        if (!(verified(ws, config, GuestHandshake.CONVERSATION) instanceof Conversation c)) {
            return null;
        }
        conversation = c;
        ClientSession s = new ClientSession(sessionId, ClientSession.Kind.GUEST, c.guestId(), c.guestName(), Set.of(),
                c.id(), queue(ws, deps.sendQueueLimit()),
                new CommandRateLimiter(deps.maxCommandsPerSecond(), System.nanoTime()));
        session = s;
        Long resumeAfter = verified(ws, config, GuestHandshake.RESUME_AFTER) instanceof Long id ? id : null;
        withContext(() -> deps.chat().opened(s, c, resumeAfter));
        return s;
    }

    @Override
    void handle(String text, long receivedAtMicros) {
        MDC.put("conversation", Long.toString(conversation.id()));
        switch (deps.codec().decodeGuestCommand(text)) {
            case Decoded.ProtocolError<GuestCommand> error -> {
                metrics.error("protocol");
                session.send(deps.events().error(error.message()));
            }
            case Decoded.Ok<GuestCommand> ok -> {
                metrics.command("guest_" + switch (ok.value()) {
                    case GuestCommand.GuestText guestText -> "text";
                    case GuestCommand.GuestTyping guestTyping -> "typing";
                    case com.hotelchat.protocol.Ping ping -> "ping";
                });
                deps.chat().handle(session, ok.value(), receivedAtMicros);
            }
        }
    }

    @Override
    void closed() {
        deps.chat().closed(session, conversation);
    }
}
