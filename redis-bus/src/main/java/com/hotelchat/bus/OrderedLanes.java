package com.hotelchat.bus;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs the handlers of envelopes from other nodes on a few single-thread lanes, one lane per group: per-group order
 * holds, the connection's thread never runs a handler, and a slow handler of one group delays only the groups
 * sharing its lane. The same lanes serve every Redis a bus may use (one server, or every shard of a cluster).
 */
final class OrderedLanes implements AutoCloseable {

    private final ExecutorService[] lanes;

    OrderedLanes(int count) {
        lanes = new ExecutorService[count];
        for (int i = 0; i < count; i++) {
            String name = "bus-lane-" + i;
            lanes[i] = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            });
        }
    }

    void execute(Group group, Runnable task) {
        lanes[Math.floorMod(group.hashCode(), lanes.length)].execute(task);
    }

    @Override
    public void close() {
        for (ExecutorService lane : lanes) {
            lane.shutdownNow();
        }
    }
}
