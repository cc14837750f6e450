package com.hotelchat.node.metrics;

import com.hotelchat.db.message.AppendResult;
import com.hotelchat.db.message.CommitListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * The group commit's metrics: how long a message waits for its commit ({@code chat_commit_wait_seconds}), how long a
 * batch takes ({@code chat_commit_batch_seconds}), and the texts refused for the node's or the database's sake rather
 * than the sender's ({@code chat_sends_refused_total} by reason), every series there from the start.
 */
final class CommitMetrics implements CommitListener {

    private final Timer wait;
    private final Timer batch;
    private final Counter overloaded;
    private final Counter databaseUnavailable;
    private final Counter outcomeUnknown;

    CommitMetrics(MeterRegistry registry) {
        wait = Timer.builder("chat_commit_wait")
                .description("From a message's append queued for the group commit to its answer (queue, linger, "
                        + "commit, waits for a failover)")
                .serviceLevelObjectives(LatencyBuckets.DATABASE)
                .register(registry);
        batch = Timer.builder("chat_commit_batch")
                .description("Appending and committing one group-commit batch")
                .serviceLevelObjectives(LatencyBuckets.DATABASE)
                .register(registry);
        overloaded = refused(registry, "overloaded");
        databaseUnavailable = refused(registry, "database_unavailable");
        outcomeUnknown = refused(registry, "outcome_unknown");
    }

    private static Counter refused(MeterRegistry registry, String reason) {
        return Counter.builder("chat_sends_refused")
                .description("Texts not stored for the node's or the database's sake, each answered with an error to "
                        + "retry: overloaded (CHAT_APPEND_QUEUE_LIMIT), database_unavailable, outcome_unknown")
                .tag("reason", reason).register(registry);
    }

    @Override
    public void answered(AppendResult result, long waitedNanos) {
        wait.record(waitedNanos, TimeUnit.NANOSECONDS);
        switch (result) {
            case AppendResult.DatabaseUnavailable unavailable -> databaseUnavailable.increment();
            case AppendResult.OutcomeUnknown unknown -> outcomeUnknown.increment();
            default -> { }
        }
    }

    @Override
    public void overloaded() {
        overloaded.increment();
    }

    @Override
    public void batch(int appends, long tookNanos) {
        batch.record(tookNanos, TimeUnit.NANOSECONDS);
    }
}
