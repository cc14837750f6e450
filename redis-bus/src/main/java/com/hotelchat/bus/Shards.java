package com.hotelchat.bus;

import java.util.Collection;

/**
 * Where each channel of the bus lives, and how a server that stopped answering is found again. On one Redis (plain, or
 * the primary Sentinel names) every channel lives on its one link; on a Redis Cluster a channel lives on the shard that
 * serves its hash slot, and the layout changes under the bus (failovers, resharding).
 */
interface Shards extends AutoCloseable {

    /** The link a channel lives on now. */
    ShardLink route(String channel);

    Collection<ShardLink> links();

    /**
     * Probes on {@code link} timed out: opens new connections to wherever its shard is served now. True when the link
     * carries on (the caller subscribes it again and resyncs); false when it could not, or when it was retired because
     * another server leads its shard now, in which case its channels were moved, subscribed there and resynced.
     */
    boolean reconnect(ShardLink link, String why);

    /** {@code link}'s server refused a command at once (disconnected, or it no longer serves a slot). */
    void unreachable(ShardLink link, String why);

    /**
     * {@code channel} is not subscribed on {@code link} though handlers need it: the server unsubscribed it on its own
     * (a cluster shard that lost the channel's slot), or refused to subscribe it.
     */
    void dropped(ShardLink link, String channel);

    /** A sentence for the bus's status when every link works. */
    String describe();

    @Override
    void close();
}
