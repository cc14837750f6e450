package com.hotelchat.node.whatsapp;

import com.hotelchat.db.media.MediaRecord;
import com.hotelchat.db.media.MediaRecords;
import com.hotelchat.db.whatsapp.WhatsAppStore;
import com.hotelchat.node.media.MediaService;
import java.io.IOException;
import java.io.UncheckedIOException;
import com.hotelchat.node.chat.ChatEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the WhatsApp outbox; staff hear of each outcome after it is committed. Any node may run it: each due row is locked by the transaction that sends it
 * ({@code FOR UPDATE SKIP LOCKED}), so exactly one node sends each message, and a row is marked sent in that
 * same transaction. Failures are retried with exponential back-off up to {@value #MAX_ATTEMPTS} attempts.
 * A node that dies between the API's success and its commit leaves the row pending: that one message may be
 * sent again (at-least-once in that window); after a recorded success it is never sent again.
 */
public final class OutboxSender {

    static final int MAX_ATTEMPTS = 10;
    private static final Logger log = LoggerFactory.getLogger(OutboxSender.class);

    private final WhatsAppStore store;
    private final CloudApiClient api;
    private final ChatEvents publish;
    public final AtomicLong sent = new AtomicLong();
    public final AtomicLong failures = new AtomicLong();

    private final MediaRecords mediaRecords;
    private final MediaService media;

    private final com.fasterxml.jackson.databind.ObjectMapper json;

    public OutboxSender(WhatsAppStore store, CloudApiClient api, ChatEvents publish, MediaRecords mediaRecords,
                        MediaService media, com.fasterxml.jackson.databind.ObjectMapper json) {
        this.json = json;
        this.mediaRecords = mediaRecords;
        this.media = media;
        this.store = store;
        this.api = api;
        this.publish = publish;
    }

    /** Sends everything due now; returns how many rows were attempted. */
    public int sendDue() {
        int total = 0;
        int batch;
        do {
            List<Runnable> afterCommit = new ArrayList<>();
            batch = store.sendDue(5, (entry, result) -> {
                switch (send(entry)) {
                    case CloudApiClient.Outcome.Sent s -> {
                        result.sent(s.whatsappMessageId());
                        sent.incrementAndGet();
                        afterCommit.add(() -> publish.deliveryChanged(entry.messageId(), entry.conversationId(), "sent", null));
                    }
                    case CloudApiClient.Outcome.Transient t -> {
                        failures.incrementAndGet();
                        if (entry.attempts() + 1 >= MAX_ATTEMPTS) {
                            afterCommit.add(giveUp(entry, result, t.reason()));
                        } else {
                            double delay = Math.min(300, Math.pow(2, entry.attempts()) * 0.5);
                            log.warn("WhatsApp send failed, retrying in {}s message={} reason={}", delay,
                                    entry.messageId(), t.reason());
                            result.retryLater(t.reason(), delay);
                        }
                    }
                    case CloudApiClient.Outcome.Rejected r -> {
                        failures.incrementAndGet();
                        afterCommit.add(giveUp(entry, result, r.reason()));
                    }
                }
            });
            afterCommit.forEach(Runnable::run);
            total += batch;
        } while (batch > 0);
        return total;
    }

    /** One part: a template, a text, or a file (uploaded to WhatsApp first, then sent with its caption). */
    private CloudApiClient.Outcome send(com.hotelchat.db.whatsapp.OutboxEntry entry) {
        if (entry.template() != null) {
            try {
                return api.sendTemplate(entry.toNumber(), json.readTree(entry.template()));
            } catch (IOException e) {
                return new CloudApiClient.Outcome.Rejected("the queued template is not readable JSON: " + e.getMessage());
            }
        }
        if (entry.mediaId() == null) {
            return api.sendText(entry.toNumber(), entry.body());
        }
        MediaRecord file = mediaRecords.find(entry.mediaId()).orElse(null);
        if (file == null) {
            return new CloudApiClient.Outcome.Rejected("the file " + entry.mediaId() + " is no longer stored");
        }
        CloudApiClient.Outcome uploaded = api.uploadMedia(() -> {
            try {
                return media.open(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, file.contentType(), file.fileName());
        if (!(uploaded instanceof CloudApiClient.Outcome.Sent sent)) {
            return uploaded;
        }
        return api.sendMedia(entry.toNumber(), file.type(), sent.whatsappMessageId(), entry.body(), file.fileName());
    }

    /** Records the failure; returns the notification to publish once it is committed. */
    private Runnable giveUp(com.hotelchat.db.whatsapp.OutboxEntry entry, WhatsAppStore.OutboxResult result, String reason) {
        log.warn("WhatsApp send failed for good message={} reason={}", entry.messageId(), reason);
        result.failed(reason);
        return () -> publish.deliveryChanged(entry.messageId(), entry.conversationId(), "failed", reason);
    }
}
