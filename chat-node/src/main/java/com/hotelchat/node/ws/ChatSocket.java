package com.hotelchat.node.ws;

import com.hotelchat.db.DatabaseFailure;
import com.hotelchat.node.chat.EventFactory;
import com.hotelchat.node.metrics.EpochMicros;
import com.hotelchat.node.metrics.NodeMetrics;
import com.hotelchat.node.session.ClientSession;
import com.hotelchat.node.session.OutgoingQueue;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * What staff and guest sockets share: one instance per connection, a session opened from what the handshake
 * verified, rate limiting, logging context, and the rule that nothing a client sends escapes as an exception.
 */
public abstract class ChatSocket extends Endpoint {

    static final int CLOSE_POLICY_VIOLATION = 1008;
    private static final Logger log = LoggerFactory.getLogger(ChatSocket.class);
    static final String DATABASE_UNAVAILABLE = "The database is not reachable right now (it may be failing over): "
            + "please retry";
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final String nodeId;
    private final EventFactory events;
    private final int maxCommandsPerSecond;
    protected final NodeMetrics metrics;
    protected ClientSession session;

    ChatSocket(String nodeId, EventFactory events, int maxCommandsPerSecond, NodeMetrics metrics) {
        this.nodeId = nodeId;
        this.events = events;
        this.maxCommandsPerSecond = maxCommandsPerSecond;
        this.metrics = metrics;
    }

    /** The outgoing queue of a new session on this socket; an overflow is counted as a slow consumer. */
    OutgoingQueue queue(Session ws, int limit) {
        return new OutgoingQueue(new TyrusConnection(ws), limit, () -> metrics.error("slow_consumer"),
                metrics.deliveryLatency());
    }

    /** The verified identity put there by the handshake, or null. */
    static Object verified(Session ws, EndpointConfig config, String key) {
        Object value = ws.getUserProperties().get(key);
        return value != null ? value : config.getUserProperties().get(key);
    }

    /** Creates and registers the session; null refuses the connection. */
    abstract ClientSession open(Session ws, EndpointConfig config, String sessionId);

    /** {@code receivedAtMicros}: when the frame arrived (wall clock, epoch microseconds), for the latency metric. */
    abstract void handle(String text, long receivedAtMicros);

    abstract void closed();

    @Override
    public final void onOpen(Session ws, EndpointConfig config) {
        ws.setMaxIdleTimeout(EmbeddedTyrusContainer.NO_IDLE_TIMEOUT);
        session = open(ws, config, nodeId + "-" + SEQUENCE.incrementAndGet());
        if (session == null) {
            TyrusConnection.close(ws, CLOSE_POLICY_VIOLATION, "Unauthorized");
            return;
        }
        ws.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> withContext(() -> onText(ws, text)));
    }

    private void onText(Session ws, String text) {
        long receivedAtMicros = EpochMicros.now();
        if (!session.allowCommand()) {
            log.warn("flooding {}: closing", session);
            metrics.error("flooding");
            session.send(events.error("Too many commands: at most " + maxCommandsPerSecond
                    + " per second; closing the connection"));
            TyrusConnection.close(ws, CLOSE_POLICY_VIOLATION, "Too many commands");
            return;
        }
        try {
            handle(text, receivedAtMicros);
        } catch (RuntimeException e) {
            if (DatabaseFailure.of(e).unavailable()) {
                // a failover: expected, said in one line, and the client is told what it is
                log.warn("command failed: database unavailable ({}) {}", DatabaseFailure.describe(e), session);
                metrics.error("database_unavailable");
                session.send(events.error(DATABASE_UNAVAILABLE));
                return;
            }
            log.error("command failed {}", session, e);
            metrics.error("internal");
            session.send(events.error("The command could not be completed; please retry"));
        }
    }

    @Override
    public final void onClose(Session ws, CloseReason reason) {
        if (session != null) {
            withContext(this::closed);
        }
    }

    @Override
    public final void onError(Session ws, Throwable error) {
        log.debug("socket error {}", session, error);
    }

    protected void withContext(Runnable work) {
        MDC.put("node", nodeId);
        MDC.put("session", session.id());
        MDC.put("user", session.kind().name().toLowerCase() + ":" + session.principalId());
        try {
            work.run();
        } finally {
            MDC.clear();
        }
    }
}
