package com.hotelchat.bus;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** {@link WindowCounters} of this node alone. */
public final class InProcessWindowCounters implements WindowCounters {

    private record Window(long count, long endsAtNanos) {}

    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;

    public InProcessWindowCounters() {
        this(System::nanoTime);
    }

    public InProcessWindowCounters(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    @Override
    public long increment(String key, Duration window) {
        long now = nanoClock.getAsLong();
        pruneIfLarge(now);
        return windows.merge(key, new Window(1, now + window.toNanos()),
                (old, fresh) -> old.endsAtNanos - now > 0 ? new Window(old.count + 1, old.endsAtNanos) : fresh).count;
    }

    @Override
    public long count(String key) {
        Window w = live(key);
        return w == null ? 0 : w.count;
    }

    @Override
    public Duration remaining(String key) {
        Window w = live(key);
        return w == null ? Duration.ZERO : Duration.ofNanos(w.endsAtNanos - nanoClock.getAsLong());
    }

    @Override
    public void reset(String key) {
        windows.remove(key);
    }

    private Window live(String key) {
        Window w = windows.get(key);
        return w != null && w.endsAtNanos - nanoClock.getAsLong() > 0 ? w : null;
    }

    /** Keeps a flood of distinct keys (usernames an attacker makes up) from growing the map without bound. */
    private void pruneIfLarge(long now) {
        if (windows.size() > 100_000) {
            windows.values().removeIf(w -> w.endsAtNanos - now <= 0);
        }
    }

    @Override
    public void close() {
        windows.clear();
    }
}
