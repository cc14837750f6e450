package com.hotelchat.node.auth;

import com.hotelchat.bus.WindowCounters;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses login attempts after too many failures within a window: per username (even with the right password, until
 * the window ends) and, with a higher limit since a hotel's staff share one NAT address, per client address. A
 * success resets the username's count. Failures are counted cluster-wide (Redis), so a balancer without stickiness
 * does not multiply an attacker's guesses by the number of nodes; while Redis is away each node counts on its own.
 */
public final class LoginThrottle {

    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);

    private final WindowCounters shared;
    private final WindowCounters local;
    private final int maxPerUsername;
    private final int maxPerAddress;
    private final Duration window;
    private volatile boolean degraded;

    /** {@code shared} may be the same as {@code local} on a single node. */
    public LoginThrottle(WindowCounters shared, WindowCounters local, int maxPerUsername, int maxPerAddress,
                         Duration window) {
        this.shared = shared;
        this.local = local;
        this.maxPerUsername = maxPerUsername;
        this.maxPerAddress = maxPerAddress;
        this.window = window;
    }

    /** How long the caller must wait before trying again, or empty when the attempt may go ahead. */
    public Optional<Duration> blockedFor(String username, String address) {
        return counted(counters -> {
            if (counters.count(usernameKey(username)) >= maxPerUsername) {
                return Optional.of(counters.remaining(usernameKey(username)));
            }
            if (counters.count(addressKey(address)) >= maxPerAddress) {
                return Optional.of(counters.remaining(addressKey(address)));
            }
            return Optional.empty();
        });
    }

    public void failed(String username, String address) {
        counted(counters -> {
            counters.increment(usernameKey(username), window);
            return counters.increment(addressKey(address), window);
        });
    }

    public void succeeded(String username) {
        counted(counters -> {
            counters.reset(usernameKey(username));
            return null;
        });
    }

    private static String usernameKey(String username) {
        return "login:user:" + username;
    }

    private static String addressKey(String address) {
        return "login:address:" + address;
    }

    private <T> T counted(Function<WindowCounters, T> work) {
        if (shared == local) {
            return work.apply(local);
        }
        try {
            T result = work.apply(shared);
            if (degraded) {
                degraded = false;
                log.info("login throttling counts cluster-wide again (Redis answers)");
            }
            return result;
        } catch (RuntimeException e) {
            if (!degraded) {
                degraded = true;
                log.warn("login throttling falls back to this node's own counters while Redis is away: {}", e.toString());
            }
            return work.apply(local);
        }
    }
}
