package com.hotelchat.node.whatsapp;

import com.hotelchat.node.chat.WhatsAppOutbound;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the inbox and the outbox on one background thread: right after each webhook or queued reply, and every
 * second anyway (retries, and whatever a node that died left behind).
 */
public final class WhatsAppWorker implements WhatsAppOutbound, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WhatsAppWorker.class);

    private final InboxProcessor inbox;
    private final OutboxSender outbox;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "whatsapp");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean sendScheduled = new AtomicBoolean();

    /** {@code outbox} is null when sending to WhatsApp is not configured. */
    public WhatsAppWorker(InboxProcessor inbox, OutboxSender outbox) {
        this.inbox = inbox;
        this.outbox = outbox;
        thread.scheduleWithFixedDelay(this::runOnce, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public boolean enabled() {
        return outbox != null;
    }

    /** Wakes the outbox sender only: a staff reply does not concern the inbox, and without WhatsApp nothing at all. */
    @Override
    public void queued() {
        if (outbox != null && sendScheduled.compareAndSet(false, true)) {
            thread.execute(() -> {
                sendScheduled.set(false);
                try {
                    outbox.sendDue();
                } catch (RuntimeException e) {
                    log.error("WhatsApp outbox round failed; will retry", e);
                }
            });
        }
    }

    public void soon() {
        if (scheduled.compareAndSet(false, true)) {
            thread.execute(() -> {
                scheduled.set(false);
                runOnce();
            });
        }
    }

    private void runOnce() {
        try {
            inbox.processPending();
            if (outbox != null) {
                outbox.sendDue();
            }
        } catch (RuntimeException e) {
            log.error("WhatsApp worker round failed; will retry", e);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
