package com.hotelchat.bus;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;

/** Presence of a single node: counts its own sessions per user. */
public final class InProcessPresence implements Presence {

    private final Map<Long, Set<String>> sessions = new ConcurrentHashMap<>();

    @Override
    public boolean opened(long userId, String sessionId) {
        boolean[] first = {false};
        sessions.compute(userId, (id, set) -> {
            Set<String> s = set == null ? ConcurrentHashMap.newKeySet() : set;
            first[0] = s.isEmpty();
            s.add(sessionId);
            return s;
        });
        return first[0];
    }

    @Override
    public boolean closed(long userId, String sessionId) {
        boolean[] last = {false};
        sessions.computeIfPresent(userId, (id, set) -> {
            last[0] = set.remove(sessionId) && set.isEmpty();
            return set.isEmpty() ? null : set;
        });
        return last[0];
    }

    @Override
    public java.util.Optional<Set<Long>> onlineNow(java.util.Collection<Long> userIds) {
        return java.util.Optional.of(online(userIds));
    }

    @Override
    public Set<Long> online(java.util.Collection<Long> userIds) {
        Set<Long> online = new java.util.HashSet<>();
        for (Long id : userIds) {
            if (sessions.containsKey(id)) {
                online.add(id);
            }
        }
        return online;
    }

    /** A copy of the open sessions per user. */
    public java.util.Map<Long, Set<String>> snapshot() {
        java.util.Map<Long, Set<String>> copy = new java.util.HashMap<>();
        sessions.forEach((user, set) -> copy.put(user, Set.copyOf(set)));
        return copy;
    }

    /** A single node that drains takes all its users with it: nobody is left to tell. */
    @Override
    public void handOver(long userId, String sessionId, java.time.Duration grace) {
        closed(userId, sessionId);
    }

    @Override
    public void onUserGone(LongConsumer listener) {
        // A single node never outlives its own sessions.
    }

    @Override
    public void onUserBack(LongConsumer listener) {
        // A single node is never taken for dead by another.
    }

    @Override
    public void close() {
        sessions.clear();
    }
}
