package com.hotelchat.db.message;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
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
 * <p>A batch may wait a little for company ({@code linger}): PostgreSQL's cost of a batch is mostly fixed (executor
 * start-up, constraint expressions, the commit's WAL flush), so while messages keep arriving closer together than the
 * linger, a committer gathers for up to the linger after its batch's first message arrived before committing, and a
 * message never waits longer than that for company. A message that follows a quiet spell (none within the linger
 * before it) goes at once. Committers gather one at a time, so lingering ones never split a stream between them.
 *
 * <p>Overload is refused, not queued: when {@code queueCapacity} appends are already waiting, {@link #submit} answers
 * {@link AppendResult.Overloaded} at once and the client may retry (with its {@code client_message_id}).
 */
public final class GroupCommit implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    /** {@code sinceLast}: nanoseconds between the submission before this one and this one. */
    private record Pending(AppendRequest request, CompletableFuture<AppendResult> result, long submittedAt,
                           long sinceLast) {}

    private final MessageStore messages;
    private final int maxBatch;
    private final long lingerNanos;
    private final BlockingQueue<Pending> queue;
    /** Starts a quiet spell ago: the first message goes at once. */
    private final AtomicLong lastSubmittedAt = new AtomicLong(System.nanoTime() - Long.MAX_VALUE / 2);
    private final ReentrantLock gathering = new ReentrantLock();
    private final List<Thread> committers = new ArrayList<>();
    private volatile boolean closed;

    /** Without a linger: each batch is whatever is queued when a committer is free. */
    public GroupCommit(MessageStore messages, int committers, int maxBatch, int queueCapacity) {
        this(messages, committers, maxBatch, queueCapacity, Duration.ZERO);
    }

    public GroupCommit(MessageStore messages, int committers, int maxBatch, int queueCapacity, Duration linger) {
        this.messages = messages;
        this.maxBatch = maxBatch;
        this.lingerNanos = linger.toNanos();
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
        if (closed || !queue.offer(new Pending(request, result, now, sinceLast))) {
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
            if (first.sinceLast() < lingerNanos) {
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

    /**
     * The batch's plain texts first, in one statement with its own commit; then whatever that did not append, in one
     * transaction the ordinary way. Each step writes all or nothing, so nothing is appended twice.
     */
    private void commit(List<Pending> batch) {
        List<AppendResult> fast;
        try {
            fast = messages.appendInOneStatement(batch.stream().map(Pending::request).toList());
        } catch (RuntimeException e) {
            log.warn("one-statement append of {} messages failed ({}); appending them the ordinary way",
                    batch.size(), e.toString());
            fast = Collections.nCopies(batch.size(), null);
        }
        List<Pending> rest = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            if (fast.get(i) != null) {
                batch.get(i).result().complete(fast.get(i));
            } else {
                rest.add(batch.get(i));
            }
        }
        if (!rest.isEmpty()) {
            commitInTransaction(rest);
        }
    }

    private void commitInTransaction(List<Pending> batch) {
        try {
            List<AppendResult> results = messages.appendAll(batch.stream().map(Pending::request).toList());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result().complete(results.get(i));
            }
        } catch (RuntimeException e) {
            if (batch.size() > 1) {
                log.warn("group commit of {} appends failed ({}); appending them one by one", batch.size(), e.toString());
            }
            for (Pending p : batch) {
                try {
                    p.result().complete(messages.appendAll(List.of(p.request())).get(0));
                } catch (RuntimeException alone) {
                    p.result().completeExceptionally(alone);
                }
            }
        }
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
