package com.hotelchat.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Login throttling counted cluster-wide, and token revocation (logout, own password change, admin reset) taking
 * effect on every node of three, for REST, handshakes and open sockets.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuthClusterTest {

    private static final int PER_ADDRESS = 25;
    static final Map<String, String> ENVIRONMENT = Map.of("CHAT_TRUSTED_PROXIES", "127.0.0.1",
            "CHAT_LOGIN_MAX_FAILURES_PER_ADDRESS", Integer.toString(PER_ADDRESS));
    static ClusterFixture cluster;

    @BeforeAll
    static void start() {
        cluster = new ClusterFixture(3, ENVIRONMENT);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    /** A login through node {@code node} from {@code address} (as the trusted proxy in front reports it). */
    private static Api.Reply login(int node, String address, String username, String password) {
        return cluster.api(node).call("POST", "/auth/login", null, Api.json("username", username, "password", password),
                Map.of("X-Forwarded-For", address + ", 10.255.0.1"));
    }

    private static int status(int node, String token) {
        return cluster.api(node).get("/chat/conversations/", token).status();
    }

    private static int handshake(int node, String token) {
        return WsClient.handshakeStatus(URI.create("ws://127.0.0.1:" + cluster.nodes.get(node).port()
                + "/ws/chat/?token=" + token), null);
    }

    @Test
    @Order(1)
    void failuresForOneUsernameAreCountedOnEveryNodeTogether() {
        cluster.user("t_victim", "reception");
        cluster.user("t_bystander", "reception");
        for (int i = 0; i < 10; i++) {
            assertEquals(401, login(i % 3, "10.1.0.1", "t_victim", "guess-" + i).status());
        }
        for (int node = 0; node < 3; node++) {
            Api.Reply throttled = login(node, "10.1.0.2", "t_victim", "password-t_victim");
            assertEquals(429, throttled.status(), "even the right password, from another address, on node " + node);
            long retryAfter = Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow());
            assertThat(retryAfter).isBetween(1L, 15 * 60L);
            assertThat(throttled.body().get("error").asText()).startsWith("Too many failed logins");
        }
        assertEquals(200, login(1, "10.1.0.1", "t_bystander", "password-t_bystander").status(),
                "one throttled username does not block another user at the same address");
    }

    @Test
    @Order(1)
    void aSuccessfulLoginResetsTheUsernamesCount() {
        cluster.user("t_forgetful", "reception");
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 9; i++) {
                assertEquals(401, login(i % 3, "10.2.0.1", "t_forgetful", "typo-" + i).status());
            }
            assertEquals(200, login(round, "10.2.0.1", "t_forgetful", "password-t_forgetful").status());
        }
    }

    @Test
    @Order(1)
    void anAddressIsThrottledAtItsOwnHigherLimitAndOnlyThatAddress() {
        cluster.user("t_shared_nat", "reception");
        for (int i = 0; i < PER_ADDRESS; i++) {
            assertEquals(401, login(i % 3, "10.3.0.1", "nobody-" + i, "guess").status());
        }
        assertEquals(429, login(2, "10.3.0.1", "t_shared_nat", "password-t_shared_nat").status());
        assertEquals(200, login(2, "10.3.0.2", "t_shared_nat", "password-t_shared_nat").status());
    }

    @Test
    @Order(2)
    void logoutRevokesThatTokenOnEveryNodeAndClosesItsSocketsOnly() {
        cluster.user("t_leaver", "reception");
        String leaving = cluster.api.loginStaff("t_leaver");
        String staying = cluster.api.loginStaff("t_leaver");
        WsClient s1 = cluster.connect(1, leaving);
        WsClient s2 = cluster.connect(2, leaving);
        try (WsClient other = cluster.connect(0, staying)) {
            s1.roundTrip();
            s2.roundTrip();
            assertEquals(200, cluster.api(0).post("/auth/logout", leaving, null).status());
            Awaitility.await().atMost(Duration.ofSeconds(1)).until(() ->
                    status(0, leaving) == 401 && status(1, leaving) == 401 && status(2, leaving) == 401);
            assertEquals(401, handshake(1, leaving));
            assertEquals(4401, s1.awaitClose());
            assertEquals(4401, s2.awaitClose());
            other.roundTrip();
            assertEquals(200, status(2, staying));
            assertEquals(401, cluster.api(1).post("/auth/logout", leaving, null).status());
        } finally {
            s1.close();
            s2.close();
        }
    }

    @Test
    @Order(2)
    void changingOnesPasswordRevokesEveryOlderTokenAndReturnsANewOne() {
        cluster.user("t_changer", "reception");
        String first = cluster.api.loginStaff("t_changer");
        String second = cluster.api.loginStaff("t_changer");
        try (WsClient a = cluster.connect(0, first); WsClient b = cluster.connect(2, second)) {
            a.roundTrip();
            b.roundTrip();
            Api.Reply wrong = cluster.api(1).post("/auth/password", first,
                    Api.json("old_password", "not-it-at-all", "new_password", "brand-new-password"));
            assertEquals(403, wrong.status());
            assertEquals(400, cluster.api(1).post("/auth/password", first,
                    Api.json("old_password", "password-t_changer", "new_password", "short")).status());
            Api.Reply changed = cluster.api(1).post("/auth/password", first,
                    Api.json("old_password", "password-t_changer", "new_password", "brand-new-password"));
            assertEquals(200, changed.status());
            String fresh = changed.body().get("token").asText();
            for (int node = 0; node < 3; node++) {
                assertEquals(401, status(node, first));
                assertEquals(401, status(node, second));
                assertEquals(200, status(node, fresh));
            }
            assertEquals(4401, a.awaitClose());
            assertEquals(4401, b.awaitClose());
            assertEquals(101, handshake(2, fresh));
            assertEquals(401, handshake(2, second));
            assertEquals(401, cluster.api(0).post("/auth/login", null,
                    Api.json("username", "t_changer", "password", "password-t_changer")).status());
            assertEquals(200, cluster.api(0).post("/auth/login", null,
                    Api.json("username", "t_changer", "password", "brand-new-password")).status());
        }
    }

    @Test
    @Order(2)
    void anAdminPasswordResetRevokesTheUsersTokens() {
        long id = cluster.api.staff(cluster.admin, "t_reset", "T Reset", List.of("reception"));
        String token = cluster.api.loginStaff("t_reset");
        try (WsClient socket = cluster.connect(1, token)) {
            socket.roundTrip();
            assertEquals(200, cluster.api(2).call("PATCH", "/admin/staff/" + id, cluster.admin,
                    Api.json("password", "reset-by-admin-1")).status());
            assertEquals(4401, socket.awaitClose());
            assertEquals(401, status(0, token));
            assertEquals(200, cluster.api(0).post("/auth/login", null,
                    Api.json("username", "t_reset", "password", "reset-by-admin-1")).status());
        }
    }

    @Test
    @Order(3)
    void revocationsSurviveARedisRestartAndANewNode() {
        cluster.user("t_durable", "reception");
        String token = cluster.api.loginStaff("t_durable");
        assertEquals(200, cluster.api(0).post("/auth/logout", token, null).status());
        cluster.stopRedis();
        cluster.startRedis();
        try (ChatNode fresh = TestNode.start(cluster.environment("node-fresh"))) {
            assertEquals(401, new Api(fresh.port()).get("/chat/conversations/", token).status());
            assertEquals(401, WsClient.handshakeStatus(URI.create("ws://127.0.0.1:" + fresh.port()
                    + "/ws/chat/?token=" + token), null));
        }
        assertEquals(401, status(1, token));
    }

    @Test
    @Order(4)
    void withRedisAwayEachNodeThrottlesOnItsOwnCounters() {
        cluster.user("t_offline", "reception");
        cluster.stopRedis();
        try {
            for (int i = 0; i < 10; i++) {
                assertEquals(401, login(0, "10.4.0.1", "t_offline", "guess-" + i).status());
            }
            assertEquals(429, login(0, "10.4.0.1", "t_offline", "password-t_offline").status());
            assertEquals(200, login(1, "10.4.0.1", "t_offline", "password-t_offline").status(),
                    "node 1 has its own count while Redis is away");
        } finally {
            cluster.startRedis();
        }
    }
}
