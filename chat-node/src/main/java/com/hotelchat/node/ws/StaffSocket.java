package com.hotelchat.node.ws;

import com.hotelchat.db.staff.StaffAccount;
import com.hotelchat.node.auth.TokenClaims;
import com.hotelchat.node.chat.ChatService;
import com.hotelchat.node.chat.EventFactory;
import com.hotelchat.node.chat.SessionLifecycle;
import com.hotelchat.node.metrics.NodeMetrics;
import com.hotelchat.node.session.ClientSession;
import com.hotelchat.node.session.CommandRateLimiter;
import com.hotelchat.protocol.ClientCommand;
import com.hotelchat.protocol.Decoded;
import com.hotelchat.protocol.JsonCodec;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import java.util.HashSet;
import org.slf4j.MDC;

/** {@code /ws/chat/}: decodes staff commands and hands valid ones to {@link ChatService}. */
public final class StaffSocket extends ChatSocket {

    private final Deps deps;

    /** What every staff socket needs; shared by all of them. */
    public record Deps(String nodeId, JsonCodec codec, EventFactory events, ChatService chat, SessionLifecycle lifecycle,
                       int maxCommandsPerSecond, int sendQueueLimit, NodeMetrics metrics) {}

    StaffSocket(Deps deps) {
        super(deps.nodeId(), deps.events(), deps.maxCommandsPerSecond(), deps.metrics());
        this.deps = deps;
    }

    @Override
    ClientSession open(Session ws, EndpointConfig config, String sessionId) {
        if (!(verified(ws, config, StaffHandshake.ACCOUNT) instanceof StaffAccount account)) {
            return null;
        }
        ClientSession s = new ClientSession(sessionId, ClientSession.Kind.STAFF, account.user().id(),
                account.user().name(), new HashSet<>(account.departments()),
                queue(ws, deps.sendQueueLimit()),
                new CommandRateLimiter(deps.maxCommandsPerSecond(), System.nanoTime()));
        if (verified(ws, config, StaffHandshake.CLAIMS) instanceof TokenClaims.Staff claims) {
            s.token(claims);
        }
        session = s;
        withContext(() -> deps.lifecycle().opened(s));
        return s;
    }

    @Override
    void handle(String text, long receivedAtMicros) {
        switch (deps.codec().decodeCommand(text)) {
            case Decoded.ProtocolError<ClientCommand> error -> {
                metrics.error("protocol");
                session.send(deps.events().error(error.message()));
            }
            case Decoded.Ok<ClientCommand> ok -> {
                metrics.command(ok.value().type());
                if (ok.value().conversationId() > 0) {
                    MDC.put("conversation", Long.toString(ok.value().conversationId()));
                }
                deps.chat().handle(session, ok.value(), receivedAtMicros);
            }
        }
    }

    @Override
    void closed() {
        deps.lifecycle().closed(session);
    }
}
