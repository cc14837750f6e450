package com.hotelchat.bus;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.pubsub.api.async.RedisPubSubAsyncCommands;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The two pub/sub dialects of Redis. Classic ({@code PUBLISH}/{@code SUBSCRIBE}) on one server: every channel there.
 * Sharded ({@code SPUBLISH}/{@code SSUBSCRIBE}, Redis 7) on a Redis Cluster: a channel lives on the shard of its hash
 * slot, only that shard carries its messages, one {@code SSUBSCRIBE} names channels of one slot only, and a shard that
 * loses a slot (resharding, a failover that demoted it) unsubscribes its clients from that slot's channels itself.
 */
enum PubSubDialect {

    CLASSIC(CommandType.PUBLISH) {
        @Override
        void subscribe(RedisPubSubAsyncCommands<String, String> commands, Collection<String> channels) {
            await(List.of(commands.subscribe(channels.toArray(String[]::new))));
        }

        @Override
        void unsubscribe(RedisPubSubAsyncCommands<String, String> commands, String channel) {
            commands.unsubscribe(channel);
        }

        @Override
        void unsubscribeAll(RedisPubSubAsyncCommands<String, String> commands) {
            await(List.of(commands.unsubscribe()));
        }
    },

    SHARDED(CommandType.SPUBLISH) {
        @Override
        void subscribe(RedisPubSubAsyncCommands<String, String> commands, Collection<String> channels) {
            Map<Integer, List<String>> bySlot = new LinkedHashMap<>();
            for (String channel : channels) {
                bySlot.computeIfAbsent(SlotHash.getSlot(channel), slot -> new ArrayList<>()).add(channel);
            }
            List<RedisFuture<Void>> pending = new ArrayList<>(bySlot.size());
            for (List<String> sameSlot : bySlot.values()) {
                pending.add(commands.ssubscribe(sameSlot.toArray(String[]::new)));
            }
            await(pending);
        }

        @Override
        void unsubscribe(RedisPubSubAsyncCommands<String, String> commands, String channel) {
            commands.sunsubscribe(channel);
        }

        @Override
        void unsubscribeAll(RedisPubSubAsyncCommands<String, String> commands) {
            await(List.of(commands.sunsubscribe()));
        }
    };

    private final CommandType publish;

    PubSubDialect(CommandType publish) {
        this.publish = publish;
    }

    /** A publish, to be written with others in one go ({@code dispatch}); it completes with the receiver count. */
    AsyncCommand<String, String, Long> publish(String channel, String payload) {
        CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).addKey(channel).addValue(payload);
        return new AsyncCommand<>(new Command<>(publish, new IntegerOutput<>(StringCodec.UTF8), args));
    }

    /** Subscribes and waits until Redis confirmed it (or throws). */
    abstract void subscribe(RedisPubSubAsyncCommands<String, String> commands, Collection<String> channels);

    abstract void unsubscribe(RedisPubSubAsyncCommands<String, String> commands, String channel);

    /** Drops every subscription of the connection (a test's stand-in for Redis forgetting them). */
    abstract void unsubscribeAll(RedisPubSubAsyncCommands<String, String> commands);

    /** Waits for the commands within the command timeout; a failure of any is thrown. */
    static void await(List<? extends RedisFuture<?>> commands) {
        if (!LettuceFutures.awaitAll(RedisConnections.COMMAND_TIMEOUT, commands.toArray(RedisFuture[]::new))) {
            throw new RedisCommandTimeoutException("Redis did not confirm within " + RedisConnections.COMMAND_TIMEOUT);
        }
    }
}
