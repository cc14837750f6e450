package com.hotelchat.bus;

import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * One Redis server, plain or the primary Sentinel names: every channel on one link, with classic pub/sub. Lettuce's
 * own reconnect follows a server that restarts (and asks Sentinel again); new connections leave one that went silent.
 * Redis never unsubscribes a classic channel on its own.
 */
final class StandaloneShards implements Shards {

    private final ShardLink link;

    /** {@code open} makes the link (it may throw: the bus cannot start without its Redis). */
    StandaloneShards(Function<Shards, ShardLink> open) {
        this.link = open.apply(this);
    }

    @Override
    public ShardLink route(String channel) {
        return link;
    }

    @Override
    public Collection<ShardLink> links() {
        return List.of(link);
    }

    @Override
    public boolean reconnect(ShardLink link, String why) {
        return link.tryReopen(); // behind a Sentinel URI, new connections ask Sentinel for the current primary
    }

    @Override
    public void unreachable(ShardLink link, String why) {
        // Lettuce's reconnect repairs: the link hears when the pub/sub connection is back.
    }

    @Override
    public void dropped(ShardLink link, String channel) {
        // Classic subscriptions are never dropped by Redis on its own (a forgotten one is found by the probe), and one
        // refused while Redis is away is subscribed with all others when the link is repaired.
    }

    @Override
    public String describe() {
        return "redis connected";
    }

    @Override
    public void close() {
        link.close();
    }
}
