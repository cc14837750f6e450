package com.hotelchat.node.whatsapp;

import com.hotelchat.node.desk.AutoAssigner;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hotelchat.db.message.AppendResult;
import com.hotelchat.db.whatsapp.InboxEntry;
import com.hotelchat.db.whatsapp.WhatsAppStore;
import com.hotelchat.domain.Attachment;
import com.hotelchat.domain.Location;
import com.hotelchat.domain.MessageMedia;
import com.hotelchat.node.chat.ChatEvents;
import com.hotelchat.node.chat.ReopenedByGuest;
import com.hotelchat.db.media.MediaRecords;
import com.hotelchat.node.media.MediaService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns stored webhook bodies into guest messages and delivery updates. Messages are deduplicated by their
 * WhatsApp id (a unique index), so processing a body twice changes nothing: a body whose status names a message
 * not committed yet is left in the inbox and processed again a second later (up to ten times).
 */
public final class InboxProcessor {

    private final AutoAssigner autoAssign;
    private static final Logger log = LoggerFactory.getLogger(InboxProcessor.class);
    private static final Set<String> STATUSES = Set.of("sent", "delivered", "read", "failed");

    private final WhatsAppStore store;
    private final ChatEvents publish;
    private final String defaultDepartment;
    private final ObjectMapper json;

    private final GuestMediaFetcher media;

    /** {@code api} null: WhatsApp sending is not configured, so guests' files cannot be fetched (marked unavailable). */
    private final ReopenedByGuest reopened;

    public InboxProcessor(WhatsAppStore store, ChatEvents publish, ReopenedByGuest reopened, String defaultDepartment,
                          ObjectMapper json, AutoAssigner autoAssign, CloudApiClient api, MediaService mediaService,
                          MediaRecords mediaRecords) {
        this.reopened = reopened;
        this.media = new GuestMediaFetcher(api, mediaService, mediaRecords);
        this.autoAssign = autoAssign;
        this.store = store;
        this.publish = publish;
        this.defaultDepartment = defaultDepartment;
        this.json = json;
    }

    /**
     * Processes what is waiting; returns how many bodies were handled. Bodies that failed wait for the next round
     * (a second later) rather than being retried in a tight loop that would use up their attempts at once. Guests'
     * files are fetched first, outside any transaction, so no row lock or connection is held during a download.
     */
    public int processPending() {
        int total = 0;
        int processed;
        do {
            // Without an access token nothing can be fetched: no read of the due bodies for nothing.
            if (media.canFetch()) {
                for (InboxEntry due : store.dueInbox(20)) {
                    forEachChange(due, (value, names) -> value.path("messages").forEach(media::prefetch));
                }
            }
            processed = store.processInbox(20, this::process);
            total += processed;
        } while (processed > 0);
        return total;
    }

    private void process(InboxEntry entry) {
        forEachChange(entry, (value, names) -> {
            for (JsonNode message : value.path("messages")) {
                inbound(message, names, entry.attempts());
            }
            for (JsonNode status : value.path("statuses")) {
                status(status);
            }
        });
    }

    /** Each {@code value} of a webhook body, with the profile names of its contacts by WhatsApp id. */
    private void forEachChange(InboxEntry entry, java.util.function.BiConsumer<JsonNode, Map<String, String>> change) {
        JsonNode root;
        try {
            root = json.readTree(entry.payload());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (JsonNode changes : root.path("entry").findValues("changes")) {
            for (JsonNode c : changes) {
                JsonNode value = c.path("value");
                Map<String, String> names = new HashMap<>();
                for (JsonNode contact : value.path("contacts")) {
                    names.put(contact.path("wa_id").asText(), contact.path("profile").path("name").asText(null));
                }
                change.accept(value, names);
            }
        }
    }

    private void inbound(JsonNode message, Map<String, String> names, int attemptsBefore) {
        String from = message.path("from").asText();
        String id = message.path("id").asText();
        if (from.isEmpty() || id.isEmpty()) {
            log.warn("webhook message without sender or id ignored");
            return;
        }
        String number = from.startsWith("+") ? from : "+" + from;
        String type = message.path("type").asText("unknown");
        MessageMedia attached = null;
        if (Attachment.TYPES.contains(type)) {
            attached = media.attachment(type, message.path(type), id, attemptsBefore);
        } else if ("location".equals(type)) {
            attached = location(message.path("location"));
        }
        WhatsAppStore.Inbound inbound = store.recordInbound(number, names.get(from), id, content(message, attached),
                attached, defaultDepartment);
        if (inbound.result() instanceof AppendResult.Appended appended) {
            if (inbound.newConversation()) {
                publish.conversationOpened(inbound.conversation(), appended);
            } else {
                publish.messageCommitted(appended);
                reopened.after(appended);
            }
            log.info("guest message stored conversation={} message={}", inbound.conversation().id(), appended.message().id());
            autoAssign.consider(appended.conversation());
        }
    }

    /**
     * The message's text: a text as it is; a file's caption (empty without one: the file is in the attachments);
     * a location described in words (the place is in {@code location}); anything else a readable placeholder, never
     * dropped.
     */
    static String content(JsonNode message, MessageMedia attached) {
        String type = message.path("type").asText("unknown");
        return switch (type) {
            case "text" -> {
                String body = message.path("text").path("body").asText("");
                yield body.isBlank() ? "[empty message]" : body;
            }
            case "image", "video", "document", "audio", "sticker" -> message.path(type).path("caption").asText("");
            case "location" -> {
                JsonNode l = message.path("location");
                yield attached == null ? "[location]"
                        : "[location] " + l.path("latitude").asText("?") + ", " + l.path("longitude").asText("?")
                        + (l.hasNonNull("name") ? " (" + l.path("name").asText() + ")" : "");
            }
            default -> "[unsupported message type: " + type + "]";
        };
    }

    /** A shared place; null when the coordinates are missing or impossible. */
    private static MessageMedia location(JsonNode l) {
        if (!l.path("latitude").isNumber() || !l.path("longitude").isNumber()) {
            return null;
        }
        Location place = new Location(l.path("latitude").asDouble(), l.path("longitude").asDouble(),
                l.path("name").asText(null), l.path("address").asText(null));
        return place.valid() ? MessageMedia.at(place) : null;
    }

    private void status(JsonNode status) {
        String id = status.path("id").asText();
        String state = status.path("status").asText();
        if (id.isEmpty() || !STATUSES.contains(state)) {
            return;
        }
        String error = null;
        if ("failed".equals(state)) {
            JsonNode e = status.path("errors").path(0);
            error = WhatsAppErrors.reason(e.path("code").asInt(0), e.path("error_data").path("details")
                    .asText(e.path("title").asText(e.path("message").asText("unknown error"))));
        }
        var change = store.advanceDelivery(id, state, error);
        if (change != null) {
            publish.deliveryChanged(change.messageId(), change.conversationId(), state, error);
        }
    }
}
