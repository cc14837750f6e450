package com.hotelchat.db.message;

import com.hotelchat.db.DatabaseFailure;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit of message appends. Senders queue their append and wait; a few committer threads each take whatever
 * is queued (up to {@code maxBatch}) and append it together, so messages that arrive together share one commit (one
 * WAL flush) instead of paying one each: plain texts in a single statement that is its own transaction (one round
 * trip for the batch), anything else (files, refusals to answer precisely) in one transaction after it. Every append
 * still commits before its sender hears of it, each conversation's order is its row lock's, and each sender gets its
 * own result. A batch that fails is retried message by message, so one bad append never fails the others.
 *
 * <p>A batch is whatever queued while the committers were busy: when the database commits quickly, a text goes at
 * once (alone if nothing else came meanwhile), as a one-commit-per-message server's would. Only when the database is
 * the bottleneck (its recent commits took at least half the {@code linger}) does a batch wait a little for company:
 * PostgreSQL's cost of a batch is mostly fixed (executor start-up, constraint expressions, the commit's WAL flush), so
 * while messages keep arriving closer together than the linger, a committer then gathers for up to the linger after
 * its batch's first message arrived before committing, which spares a busy database commits. A message never waits
 * longer than that for company, and one that follows a quiet spell goes at once. Committers gather one at a time, so
 * lingering ones never split a stream between them.
 *
 * <p>A failover is waited for: when the database rather than a batch fails, the batch is appended again once it is
 * back, within a bound, and an append whose commit's outcome the broken connection left unknown is never repeated
 * unless its {@code client_message_id} makes the repeat safe (see {@link #commit}).
 *
 * <p>Overload is refused, not queued: when {@code queueCapacity} appends are already waiting, {@link #submit} answers
 * {@link AppendResult.Overloaded} at once and the client may retry (with its {@code client_message_id}).
 *
 * <p>Traced (given a {@link Tracer}): a batch with an append submitted inside a span commits inside a
 * {@code group_commit} span, a child of the first such append's span and linked to the others', so the statements of
 * the commit appear in the trace of the command that waited for it. Without a tracer nothing is read or recorded.
 */
public final class GroupCommit implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);
    private static final long FIRST_PAUSE_MILLIS = 50;
    private static final long MAX_PAUSE_MILLIS = 1_000;

    /**
     * {@code sinceLast}: nanoseconds between the submission before this one and this one; {@code context}: the
     * submitter's trace context (null when not traced).
     */
    private record Pending(AppendRequest request, CompletableFuture<AppendResult> result, long submittedAt,
                           long sinceLast, Context context) {}

    private static final AttributeKey<Long> BATCH_SIZE = AttributeKey.longKey("chat.batch.size");

    private final MessageStore messages;
    private final int maxBatch;
    private final long lingerNanos;
    private final long databaseWaitNanos;
    private final BlockingQueue<Pending> queue;
    private final CommitListener listener;
    /** Starts a quiet spell ago: the first message goes at once. */
    private final AtomicLong lastSubmittedAt = new AtomicLong(System.nanoTime() - Long.MAX_VALUE / 2);
    private final ReentrantLock gathering = new ReentrantLock();
    /** How long the recent commits took, in nanoseconds (a moving average): how busy the database is. */
    private final AtomicLong recentCommitNanos = new AtomicLong();
    private final List<Thread> committers = new ArrayList<>();
    /** Null: not traced. */
    private final Tracer tracer;
    private volatile boolean closed;

    /** Without a linger: each batch is whatever is queued when a committer is free. */
    public GroupCommit(MessageStore messages, int committers, int maxBatch, int queueCapacity) {
        this(messages, committers, maxBatch, queueCapacity, Duration.ZERO);
    }

    /** Without a wait for the database: an append it did not confirm is answered at once. */
    public GroupCommit(MessageStore messages, int committers, int maxBatch, int queueCapacity, Duration linger) {
        this(messages, committers, maxBatch, queueCapacity, linger, Duration.ZERO);
    }

    /**
     * {@code databaseWait}: how long a batch waits for an unavailable database (a failover) before its appends are
     * answered {@link AppendResult.DatabaseUnavailable}; each attempt meanwhile may itself wait for a connection for up
     * to the pool's connection timeout.
     */
    public GroupCommit(MessageStore messages, int committers, int maxBatch, int queueCapacity, Duration linger,
                       Duration databaseWait) {
        this(messages, committers, maxBatch, queueCapacity, linger, databaseWait, CommitListener.NONE);
    }

    /** {@code listener} is told of every append answered and every batch committed (metrics). */
    public GroupCommit(MessageStore messages, int committers, int maxBatch, int queueCapacity, Duration linger,
                       Duration databaseWait, CommitListener listener) {
        this(messages, committers, maxBatch, queueCapacity, linger, databaseWait, listener, null);
    }

    /** {@code tracer}: traces each batch with a traced append in it (see above); null: no tracing. */
    public GroupCommit(MessageStore messages, int committers, int maxBatch, int queueCapacity, Duration linger,
                       Duration databaseWait, CommitListener listener, Tracer tracer) {
        this.tracer = tracer;
        this.listener = listener;
        this.messages = messages;
        this.maxBatch = maxBatch;
        this.lingerNanos = linger.toNanos();
        this.databaseWaitNanos = databaseWait.toNanos();
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        for (int i = 0; i < committers; i++) {
            this.committers.add(Thread.ofPlatform().daemon().name("group-commit-" + i).start(this::run));
        }
    }

    /** Queues the append; the future completes once it is committed (or refused). */
    public CompletableFuture<AppendResult> submit(AppendRequest request) {
        CompletableFuture<AppendResult> result = new CompletableFuture<>();
        long now = System.nanoTime();
        long sinceLast = now - lastSubmittedAt.getAndSet(now);
        Context context = tracer == null ? null : Context.current();
        if (closed || !queue.offer(new Pending(request, result, now, sinceLast, context))) {
            listener.overloaded();
            result.complete(new AppendResult.Overloaded());
        }
        return result;
    }

    /** Appends queued and not yet taken by a committer (what the overload limit counts). */
    public int waiting() {
        return queue.size();
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (!closed) {
            try {
                if (gather(batch)) {
                    commit(batch);
                }
            } catch (InterruptedException e) {
                // closing: what this committer held while lingering is refused, as close() refuses what is queued
                batch.forEach(p -> p.result().complete(new AppendResult.Overloaded()));
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    /** Fills the batch (one committer at a time); false when nothing came within 200 ms. */
    private boolean gather(List<Pending> batch) throws InterruptedException {
        gathering.lockInterruptibly();
        try {
            Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
            if (first == null) {
                return false;
            }
            batch.add(first);
            queue.drainTo(batch, maxBatch - 1);
            if (first.sinceLast() < lingerNanos && databaseIsBottleneck()) {
                long deadline = first.submittedAt() + lingerNanos;
                long left;
                while (batch.size() < maxBatch && (left = deadline - System.nanoTime()) > 0) {
                    Pending next = queue.poll(left, TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                    queue.drainTo(batch, maxBatch - batch.size());
                }
            }
            return true;
        } finally {
            gathering.unlock();
        }
    }

    /** The database's recent commits took at least half the linger: gathering longer spares it commits. */
    private boolean databaseIsBottleneck() {
        return recentCommitNanos.get() * 2 >= lingerNanos;
    }

    /** Folds one commit's duration into the moving average (each new one weighs a quarter). */
    private void recordCommit(long nanos) {
        recentCommitNanos.accumulateAndGet(nanos, (average, latest) -> average + (latest - average) / 4);
    }

    /**
     * Appends the batch (see {@link #commitWaitingForTheDatabase}), inside the batch's span if it has one, and tells the
     * listener how long it took.
     */
    private void commit(List<Pending> batch) {
        long began = System.nanoTime();
        Span span = tracer == null ? null : startSpan(batch);
        if (span == null) {
            commitWaitingForTheDatabase(new ArrayList<>(batch));
        } else {
            try (Scope scope = span.makeCurrent()) {
                commitWaitingForTheDatabase(new ArrayList<>(batch));
            } finally {
                span.end();
            }
        }
        long took = System.nanoTime() - began;
        recordCommit(took);
        listener.batch(batch.size(), took);
    }

    /** A child of the first traced append's span, linked to the other traced appends'; null if none is traced. */
    private Span startSpan(List<Pending> batch) {
        SpanBuilder span = null;
        for (Pending p : batch) {
            SpanContext submitter = Span.fromContext(p.context()).getSpanContext();
            if (!submitter.isValid()) {
                continue;
            }
            if (span == null) {
                span = tracer.spanBuilder("group_commit").setParent(p.context()).setAttribute(BATCH_SIZE, batch.size());
            } else {
                span.addLink(submitter);
            }
        }
        return span == null ? null : span.startSpan();
    }

    /**
     * Appends the batch's appends (see {@link #appendOnce}). When the database rather than the batch fails (a failover:
     * the primary died or was demoted, a connection broke), the batch waits for the database for up to
     * {@code databaseWait} and is appended again on a new connection, which the pool makes to the primary of the
     * moment. An append whose outcome is unknown (its connection broke mid-statement, maybe after the commit) is tried
     * again only if it carries a {@code client_message_id}: the retry then finds it if it was committed and answers
     * the original, or appends it once if it was not. One without is answered {@link AppendResult.OutcomeUnknown}:
     * never silently lost, never stored twice.
     */
    private void commitWaitingForTheDatabase(List<Pending> open) {
        RuntimeException failure = appendOnce(open);
        if (failure == null) {
            return;
        }
        long startedAt = System.nanoTime();
        log.warn("database unavailable ({}): {} appends wait up to {} ms for it", DatabaseFailure.describe(failure),
                open.size(), databaseWaitNanos / 1_000_000);
        long pauseMillis = FIRST_PAUSE_MILLIS;
        int attempts = 1;
        while (failure != null) {
            if (DatabaseFailure.of(failure) == DatabaseFailure.OUTCOME_UNKNOWN) {
                answerWithoutRetry(open);
            }
            if (open.isEmpty()) {
                return;
            }
            if (closed || System.nanoTime() - startedAt >= databaseWaitNanos || !pause(pauseMillis)) {
                log.warn("database still unavailable after {} ms ({}): {} appends answered with an error to retry",
                        (System.nanoTime() - startedAt) / 1_000_000, DatabaseFailure.describe(failure), open.size());
                open.forEach(p -> answer(p, new AppendResult.DatabaseUnavailable()));
                return;
            }
            pauseMillis = Math.min(MAX_PAUSE_MILLIS, pauseMillis * 2);
            attempts++;
            failure = appendOnce(open);
        }
        log.info("database back: appends committed {} ms after the first failure, attempt {}",
                (System.nanoTime() - startedAt) / 1_000_000, attempts);
    }

    /** Answers, and takes out of {@code open}, the appends that cannot be tried again safely (no client_message_id). */
    private void answerWithoutRetry(List<Pending> open) {
        for (Iterator<Pending> it = open.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.request().clientMessageId() == null) {
                answer(p, new AppendResult.OutcomeUnknown());
                it.remove();
            }
        }
    }

    /** False when interrupted (the group commit closes). */
    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The batch's plain texts first, in one statement with its own commit; then whatever that did not append, in one
     * transaction the ordinary way; if that fails, one by one. Each step writes all or nothing, so nothing is appended
     * twice. Each append is answered, and taken out of {@code open}, as soon as its step committed. Returns null when
     * every append was answered, or the failure of the database that stopped it, with the unanswered ones left in
     * {@code open}; a failure of the batch itself (not of the database) is answered to its appends instead.
     */
    private RuntimeException appendOnce(List<Pending> open) {
        List<AppendResult> fast;
        try {
            fast = messages.appendInOneStatement(requests(open));
        } catch (RuntimeException e) {
            if (DatabaseFailure.of(e).unavailable()) {
                return e;
            }
            log.warn("one-statement append of {} messages failed ({}); appending them the ordinary way",
                    open.size(), e.toString());
            fast = Collections.nCopies(open.size(), null);
        }
        answer(open, fast);
        if (open.isEmpty()) {
            return null;
        }
        try {
            answer(open, messages.appendAll(requests(open)));
            return null;
        } catch (RuntimeException e) {
            if (DatabaseFailure.of(e).unavailable()) {
                return e;
            }
            if (open.size() > 1) {
                log.warn("group commit of {} appends failed ({}); appending them one by one", open.size(), e.toString());
            }
        }
        for (Iterator<Pending> it = open.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            try {
                answer(p, messages.appendAll(List.of(p.request())).get(0));
            } catch (RuntimeException alone) {
                if (DatabaseFailure.of(alone).unavailable()) {
                    return alone;
                }
                p.result().completeExceptionally(alone);
            }
            it.remove();
        }
        return null;
    }

    private static List<AppendRequest> requests(List<Pending> pending) {
        return pending.stream().map(Pending::request).toList();
    }

    /** Completes each append that has a result (null: none yet) and takes it out of {@code open}. */
    private void answer(List<Pending> open, List<AppendResult> results) {
        int i = 0;
        for (Iterator<Pending> it = open.iterator(); it.hasNext(); i++) {
            Pending p = it.next();
            if (results.get(i) != null) {
                answer(p, results.get(i));
                it.remove();
            }
        }
    }

    /** Tells the listener how long the append waited, then its sender the result. */
    private void answer(Pending p, AppendResult result) {
        listener.answered(result, System.nanoTime() - p.submittedAt());
        p.result().complete(result);
    }

    @Override
    public void close() {
        closed = true;
        committers.forEach(Thread::interrupt);
        Pending left;
        while ((left = queue.poll()) != null) {
            left.result().complete(new AppendResult.Overloaded());
        }
    }
}
