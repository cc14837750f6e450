package com.hotelchat.node.ws;

import com.hotelchat.db.staff.StaffAccount;
import com.hotelchat.node.chat.ChatService;
import com.hotelchat.node.chat.EventFactory;
import com.hotelchat.node.chat.SessionLifecycle;
import com.hotelchat.node.session.ClientSession;
import com.hotelchat.node.session.CommandRateLimiter;
import com.hotelchat.node.session.OutgoingQueue;
import com.hotelchat.protocol.ClientCommand;
import com.hotelchat.protocol.Decoded;
import com.hotelchat.protocol.JsonCodec;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.util.HashSet;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * {@code /ws/chat/}: one instance per connection. Decodes each frame, rate-limits, and hands valid commands to
 * {@link ChatService}; whatever a client sends, the answer is at worst an {@code error} event.
 */
public final class StaffSocket extends Endpoint {

    static final int CLOSE_POLICY_VIOLATION = 1008;
    private static final Logger log = LoggerFactory.getLogger(StaffSocket.class);
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final Deps deps;
    private ClientSession session;

    /** What every staff socket needs; shared by all of them. */
    public record Deps(String nodeId, JsonCodec codec, EventFactory events, ChatService chat, SessionLifecycle lifecycle,
                int maxCommandsPerSecond, int sendQueueLimit) {}

    StaffSocket(Deps deps) {
        this.deps = deps;
    }

    @Override
    public void onOpen(Session ws, EndpointConfig config) {
        Object verified = ws.getUserProperties().get(StaffHandshake.ACCOUNT);
        StaffAccount account = (StaffAccount) (verified != null ? verified
                : config.getUserProperties().get(StaffHandshake.ACCOUNT));
        if (account == null) {
            closeQuietly(ws, CLOSE_POLICY_VIOLATION, "Unauthorized");
            return;
        }
        ws.setMaxIdleTimeout(0);
        session = new ClientSession(deps.nodeId() + "-" + SEQUENCE.incrementAndGet(), ClientSession.Kind.STAFF,
                account.user().id(), account.user().name(), new HashSet<>(account.departments()),
                new OutgoingQueue(new TyrusConnection(ws), deps.sendQueueLimit()),
                new CommandRateLimiter(deps.maxCommandsPerSecond(), System.nanoTime()));
        ws.getUserProperties().put(ClientSession.class.getName(), session);
        withContext(() -> deps.lifecycle().opened(session));
        ws.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> withContext(() -> onText(ws, text)));
    }

    private void onText(Session ws, String text) {
        if (!session.allowCommand()) {
            log.warn("flooding {}: closing", session);
            session.send(deps.events().error("Too many commands: at most " + deps.maxCommandsPerSecond()
                    + " per second; closing the connection"));
            closeQuietly(ws, CLOSE_POLICY_VIOLATION, "Too many commands");
            return;
        }
        switch (deps.codec().decodeCommand(text)) {
            case Decoded.ProtocolError<ClientCommand> error -> session.send(deps.events().error(error.message()));
            case Decoded.Ok<ClientCommand> ok -> {
                MDC.put("conversation", Long.toString(ok.value().conversationId()));
                try {
                    deps.chat().handle(session, ok.value());
                } catch (RuntimeException e) {
                    log.error("command failed {} type={}", session, ok.value().type(), e);
                    session.send(deps.events().error("The command could not be completed; please retry"));
                }
            }
        }
    }

    @Override
    public void onClose(Session ws, CloseReason reason) {
        if (session != null) {
            withContext(() -> deps.lifecycle().closed(session));
        }
    }

    @Override
    public void onError(Session ws, Throwable error) {
        log.debug("socket error {}", session, error);
    }

    private void withContext(Runnable work) {
        MDC.put("node", deps.nodeId());
        MDC.put("session", session.id());
        MDC.put("user", Long.toString(session.principalId()));
        try {
            work.run();
        } finally {
            MDC.clear();
        }
    }

    static void closeQuietly(Session ws, int code, String reason) {
        new TyrusConnection(ws).close(code, reason);
    }
}
