package com.hotelchat.node.http;

import com.hotelchat.bus.Bus;
import com.hotelchat.bus.BusStatus;
import com.hotelchat.db.Database;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Liveness and readiness. Readiness only says whether this node is started and not draining; the database and
 * bus states are reported in the body but never make the node unready, because an outage of a shared dependency
 * would otherwise pull every node out of the load balancer at once.
 */
public final class HealthApi {

    /**
     * How long the readiness answer waits for a database connection: well within a probe's one-second timeout, so that
     * during a failover every node still answers (ready, database down) rather than time out, which Kubernetes would
     * count as unready and take every node out of the load balancer at once.
     */
    private static final Duration HEALTH_WAIT = Duration.ofMillis(500);

    private final String nodeId;
    private final Database database;
    private final Bus bus;
    private final BooleanSupplier accepting;

    public HealthApi(String nodeId, Database database, Bus bus, BooleanSupplier accepting) {
        this.nodeId = nodeId;
        this.database = database;
        this.bus = bus;
        this.accepting = accepting;
    }

    public ApiResponse live(ApiRequest request) {
        return ApiResponse.ok(Map.of("status", "ok", "node_id", nodeId));
    }

    public ApiResponse ready(ApiRequest request) {
        boolean ready = accepting.getAsBoolean();
        BusStatus busStatus = bus.status();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ready ? "ready" : "draining");
        body.put("node_id", nodeId);
        body.put("database", database.isHealthy(HEALTH_WAIT) ? "up" : "down");
        body.put("bus", busStatus.up() ? "up" : "down");
        body.put("bus_detail", busStatus.detail());
        return new ApiResponse(ready ? 200 : 503, body);
    }
}
