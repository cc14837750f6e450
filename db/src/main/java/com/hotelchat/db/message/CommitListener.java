package com.hotelchat.db.message;

/**
 * Told what the {@link GroupCommit} does, for metrics. Called on the committers' and the senders' threads, once per
 * append or batch: must be quick and must not throw.
 */
public interface CommitListener {

    CommitListener NONE = new CommitListener() {
        @Override
        public void answered(AppendResult result, long waitedNanos) {
        }

        @Override
        public void overloaded() {
        }

        @Override
        public void batch(int appends, long tookNanos) {
        }
    };

    /**
     * A committer answered an append (committed, a retry's original, or refused: the database did not confirm it,
     * the conversation is closed, ...), {@code waitedNanos} after it was submitted: in the queue, lingering for
     * company, and committing.
     */
    void answered(AppendResult result, long waitedNanos);

    /** An append was refused at once: {@code queueCapacity} appends were waiting already. */
    void overloaded();

    /** A batch of {@code appends} was appended and committed in {@code tookNanos} (waits for a failover included). */
    void batch(int appends, long tookNanos);
}
