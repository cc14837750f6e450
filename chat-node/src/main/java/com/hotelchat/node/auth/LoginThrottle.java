package com.hotelchat.node.auth;

import com.hotelchat.bus.WindowCounters;
import java.time.Duration;
import java.util.Optional;

/**
 * Refuses login attempts after too many failures within a window: per username (even with the right password, until
 * the window ends) and, with a higher limit since a hotel's staff share one NAT address, per client address. A
 * success resets the username's count. Failures are counted cluster-wide (Redis), so a balancer without stickiness
 * does not multiply an attacker's guesses by the number of nodes; while Redis is away each node counts on its own.
 */
public final class LoginThrottle {

    private final WindowCounters counters;
    private final int maxPerUsername;
    private final int maxPerAddress;
    private final Duration window;

    /** {@code counters}: cluster-wide where there is a cluster (see {@link ClusterCounters}). */
    public LoginThrottle(WindowCounters counters, int maxPerUsername, int maxPerAddress, Duration window) {
        this.counters = counters;
        this.maxPerUsername = maxPerUsername;
        this.maxPerAddress = maxPerAddress;
        this.window = window;
    }

    /** How long the caller must wait before trying again, or empty when the attempt may go ahead. */
    public Optional<Duration> blockedFor(String username, String address) {
        if (counters.count(usernameKey(username)) >= maxPerUsername) {
            return Optional.of(counters.remaining(usernameKey(username)));
        }
        if (counters.count(addressKey(address)) >= maxPerAddress) {
            return Optional.of(counters.remaining(addressKey(address)));
        }
        return Optional.empty();
    }

    public void failed(String username, String address) {
        counters.increment(usernameKey(username), window);
        counters.increment(addressKey(address), window);
    }

    public void succeeded(String username) {
        counters.reset(usernameKey(username));
    }

    private static String usernameKey(String username) {
        return "login:user:" + username;
    }

    private static String addressKey(String address) {
        return "login:address:" + address;
    }
}
