package com.hotelchat.node.whatsapp;

import com.hotelchat.db.OutageLog;
import com.hotelchat.node.chat.WhatsAppOutbound;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the inbox and the outbox, each on its own background thread (a slow Cloud API must not hold up guests'
 * incoming messages or status retries): right after each webhook or queued reply, and every second anyway (retries,
 * and whatever a node that died left behind).
 */
public final class WhatsAppWorker implements WhatsAppOutbound, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WhatsAppWorker.class);

    private final InboxProcessor inbox;
    private final OutboxSender outbox;
    private final ScheduledExecutorService inboxThread = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("whatsapp-inbox").daemon().factory());
    private final ScheduledExecutorService outboxThread = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("whatsapp-outbox").daemon().factory());
    private final OutageLog inboxOutage = new OutageLog(log, "WhatsApp inbox rounds");
    private final OutageLog outboxOutage = new OutageLog(log, "WhatsApp outbox rounds");
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean sendScheduled = new AtomicBoolean();

    /** {@code outbox} is null when sending to WhatsApp is not configured. */
    public WhatsAppWorker(InboxProcessor inbox, OutboxSender outbox) {
        this.inbox = inbox;
        this.outbox = outbox;
        inboxThread.scheduleWithFixedDelay(this::receiveOnce, 1, 1, TimeUnit.SECONDS);
        if (outbox != null) {
            outboxThread.scheduleWithFixedDelay(this::sendOnce, 1, 1, TimeUnit.SECONDS);
        }
    }

    @Override
    public boolean enabled() {
        return outbox != null;
    }

    /** Wakes the outbox sender only: a staff reply does not concern the inbox, and without WhatsApp nothing at all. */
    @Override
    public void queued() {
        if (outbox != null && sendScheduled.compareAndSet(false, true)) {
            outboxThread.execute(() -> {
                sendScheduled.set(false);
                sendOnce();
            });
        }
    }

    public void soon() {
        if (scheduled.compareAndSet(false, true)) {
            inboxThread.execute(() -> {
                scheduled.set(false);
                receiveOnce();
            });
        }
    }

    private void receiveOnce() {
        try {
            inbox.processPending();
            inboxOutage.worked();
        } catch (RuntimeException e) {
            inboxOutage.failed(e);
        }
    }

    private void sendOnce() {
        try {
            outbox.sendDue();
            outboxOutage.worked();
        } catch (RuntimeException e) {
            outboxOutage.failed(e);
        }
    }

    @Override
    public void close() {
        inboxThread.shutdownNow();
        outboxThread.shutdownNow();
    }
}
