package com.hotelchat.node.journey;

import com.hotelchat.db.OutageLog;
import com.hotelchat.db.journey.JourneyRule;
import com.hotelchat.db.journey.Journeys;
import com.hotelchat.domain.Conversation;
import com.hotelchat.domain.TemplateValues;
import com.hotelchat.node.chat.ChatEvents;
import com.hotelchat.node.template.TemplateRefused;
import com.hotelchat.node.template.TemplateSender;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans the guest journey rules' messages, run by every node: for each active rule whose time of day has come in the
 * hotel's time zone, the guests whose check-in is the rule's number of days away (or whose check-out is today) get the
 * rule's template as a scheduled message due at once, in their open conversation of the rule's department (one is
 * opened when there is none). The scheduled-message sender sends it like any other. A guest gets each rule's message
 * at most once (see {@link Journeys#plan}); a rule whose day passed while no node ran is not made up for the next day.
 */
public final class JourneyPlanner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JourneyPlanner.class);
    private static final int GUESTS_PER_RULE = 100;

    private final Journeys journeys;
    private final TemplateSender templates;
    private final ChatEvents publish;
    private final ZoneId hotelZone;
    private final Clock clock;
    private final OutageLog outage = new OutageLog(log, "journey rounds");
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("journeys").daemon().factory());

    public JourneyPlanner(Journeys journeys, TemplateSender templates, ChatEvents publish, ZoneId hotelZone,
                          Clock clock, Duration interval) {
        this.journeys = journeys;
        this.templates = templates;
        this.publish = publish;
        this.hotelZone = hotelZone;
        this.clock = clock;
        timer.scheduleWithFixedDelay(this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void tick() {
        try {
            ZonedDateTime now = ZonedDateTime.now(clock.withZone(hotelZone));
            for (JourneyRule rule : journeys.active()) {
                if (now.toLocalTime().isBefore(rule.sendTime())) {
                    continue;
                }
                LocalDate today = now.toLocalDate();
                LocalDate date = JourneyRule.BEFORE_CHECK_IN.equals(rule.occasion()) ? today.plusDays(rule.daysBefore())
                        : today;
                for (Journeys.Planned planned : journeys.plan(rule, date, GUESTS_PER_RULE, this::preview)) {
                    log.info("journey rule {} planned message {} conversation={}", rule.id(), planned.message().id(),
                            planned.message().conversationId());
                    if (planned.opened() != null) {
                        publish.conversationOpened(planned.opened(), null);
                    }
                    publish.scheduledChanged(planned.message());
                }
            }
            outage.worked();
        } catch (RuntimeException e) {
            outage.failed(e);
        }
    }

    /** The template as it would read now; its body as it is when it cannot be filled (it then fails when due). */
    private String preview(JourneyRule rule, Conversation conversation) {
        try {
            return templates.prepare(rule.templateId(), conversation, rule.senderName(), TemplateValues.NONE).text();
        } catch (TemplateRefused e) {
            return templates.template(rule.templateId()).content().body();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
