package com.hotelchat.node.schedule;

import com.hotelchat.db.OutageLog;
import com.hotelchat.db.conversation.Conversations;
import com.hotelchat.db.message.AppendResult;
import com.hotelchat.db.schedule.Outgoing;
import com.hotelchat.db.schedule.Schedule;
import com.hotelchat.db.schedule.ScheduledMessage;
import com.hotelchat.domain.Conversation;
import com.hotelchat.node.chat.ChatEvents;
import com.hotelchat.node.chat.WhatsAppOutbound;
import com.hotelchat.node.template.PreparedTemplate;
import com.hotelchat.node.template.TemplateRefused;
import com.hotelchat.node.template.TemplateSender;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends scheduled messages when they are due, run by every node every tick: the database hands each due message to
 * one node's transaction, which appends it and records it sent (or failed, with why) before it commits (see
 * {@link Schedule#sendNext}), so each goes out once in the cluster, across restarts and a node killed at that moment.
 * A text goes as a staff reply would (refused when the guest's window is closed by then); a template is filled when
 * it goes, from the values staff gave and the guest's profile as it is then. Staff hear of each outcome
 * ({@code scheduled_message}), and of the message itself like any other.
 */
public final class ScheduledSender implements AutoCloseable, Schedule.Sending {

    private static final Logger log = LoggerFactory.getLogger(ScheduledSender.class);
    /** Messages one tick sends at most; the rest wait for the next tick (or another node). */
    private static final int PER_TICK = 100;

    private final Schedule schedule;
    private final Conversations conversations;
    private final TemplateSender templates;
    private final ChatEvents publish;
    private final WhatsAppOutbound whatsApp;
    private final OutageLog outage = new OutageLog(log, "scheduled message rounds");
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("scheduled-messages").daemon().factory());

    public ScheduledSender(Schedule schedule, Conversations conversations, TemplateSender templates, ChatEvents publish,
                           WhatsAppOutbound whatsApp, Duration tick) {
        this.schedule = schedule;
        this.conversations = conversations;
        this.templates = templates;
        this.publish = publish;
        this.whatsApp = whatsApp;
        timer.scheduleWithFixedDelay(this::tick, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    void tick() {
        try {
            for (int i = 0; i < PER_TICK; i++) {
                Optional<Schedule.Sent> sent = schedule.sendNext(this);
                if (sent.isEmpty()) {
                    break;
                }
                announce(sent.get());
            }
            outage.worked();
        } catch (RuntimeException e) {
            outage.failed(e);
        }
    }

    private void announce(Schedule.Sent sent) {
        ScheduledMessage row = sent.row();
        if (sent.message() != null) {
            log.info("scheduled message {} sent as message {} conversation={}", row.id(), sent.message().message().id(),
                    row.conversationId());
            publish.messageCommitted(sent.message());
            if (whatsApp.enabled() && (row.isTemplate() || sent.message().conversation().isWhatsApp())) {
                whatsApp.queued();
            }
        } else {
            log.info("scheduled message {} failed conversation={}: {}", row.id(), row.conversationId(), row.failure());
        }
        publish.scheduledChanged(row);
    }

    @Override
    public Outgoing outgoing(ScheduledMessage due) {
        if (!due.isTemplate()) {
            return new Outgoing.Text(due.content(), whatsApp.enabled());
        }
        if (!templates.enabled()) {
            return new Outgoing.Refused(TemplateSender.NOT_CONFIGURED);
        }
        if (due.templateId() == null) {
            return new Outgoing.Refused("The template was deleted before this message was due");
        }
        Conversation c = conversations.find(due.conversationId()).orElse(null);
        if (c == null) {
            return new Outgoing.Refused(ScheduleRefusals.GONE);
        }
        try {
            PreparedTemplate prepared = templates.prepare(due.templateId(), c, due.senderName(), due.parameters());
            return new Outgoing.Template(prepared.text(), prepared.use(), prepared.cloudTemplate());
        } catch (TemplateRefused e) {
            return new Outgoing.Refused(e.getMessage());
        }
    }

    @Override
    public String whyNot(AppendResult result) {
        return ScheduleRefusals.whyNot(result);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
