package com.hotelchat.node.session;

/**
 * A token bucket per session: {@code perSecond} commands a second sustained, with bursts of up to three seconds'
 * worth. Only the session's reading thread calls it.
 */
public final class CommandRateLimiter {

    private final double perSecond;
    private final double capacity;
    private double tokens;
    private long lastNanos;

    public CommandRateLimiter(int perSecond, long nowNanos) {
        this.perSecond = perSecond;
        this.capacity = perSecond * 3.0;
        this.tokens = capacity;
        this.lastNanos = nowNanos;
    }

    public synchronized boolean tryAcquire(long nowNanos) {
        tokens = Math.min(capacity, tokens + (nowNanos - lastNanos) / 1e9 * perSecond);
        lastNanos = nowNanos;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
