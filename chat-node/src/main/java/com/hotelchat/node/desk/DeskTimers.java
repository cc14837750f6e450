package com.hotelchat.node.desk;

import com.hotelchat.db.OutageLog;
import com.hotelchat.db.desk.ConversationDesk;
import com.hotelchat.db.desk.DepartmentSettings;
import com.hotelchat.db.message.ActivityLog;
import com.hotelchat.domain.Conversation;
import com.hotelchat.node.chat.ChatEvents;
import com.hotelchat.protocol.DeskData;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue's clocks, run by every node: snoozes that ran out turn active again, and guests waiting past their
 * department's threshold raise one alert. The database hands each due conversation to exactly one node (an UPDATE
 * that skips rows another node holds), so the cluster announces each once.
 */
public final class DeskTimers implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeskTimers.class);
    private static final int BATCH = 100;

    private final ConversationDesk desk;
    private final ChatEvents publish;
    private final OutageLog outage = new OutageLog(log, "desk timers");
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("desk-timers").daemon().factory());

    public DeskTimers(ConversationDesk desk, ChatEvents publish, Duration tick) {
        this.desk = desk;
        this.publish = publish;
        scheduler.scheduleWithFixedDelay(this::tick, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    void tick() {
        try {
            for (ActivityLog.Recorded woken : desk.wakeSnoozed(BATCH)) {
                log.info("conversation={} snooze ended", woken.after().id());
                publish.activityRecorded(woken.entry());
                publish.statusChanged(woken.after(), Conversation.SNOOZED, DeskData.StatusChanged.SNOOZE_EXPIRED, null);
            }
            for (Conversation c : desk.raiseWaitingAlerts(BATCH)) {
                int threshold = desk.settings(c.department()).map(DepartmentSettings::waitingAlertSeconds).orElse(0);
                log.info("conversation={} guest waiting since {}", c.id(), c.waitingSince());
                publish.waitingAlert(c, threshold);
            }
            outage.worked();
        } catch (RuntimeException e) {
            outage.failed(e);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
