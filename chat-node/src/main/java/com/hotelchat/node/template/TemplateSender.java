package com.hotelchat.node.template;

import com.hotelchat.db.conversation.Conversations;
import com.hotelchat.db.message.AppendResult;
import com.hotelchat.db.message.MessageStore;
import com.hotelchat.db.message.Sender;
import com.hotelchat.db.template.Templates;
import com.hotelchat.db.tools.GuestProfiles;
import com.hotelchat.domain.Conversation;
import com.hotelchat.domain.Template;
import com.hotelchat.domain.TemplateValues;
import com.hotelchat.node.chat.ChatEvents;
import com.hotelchat.node.chat.WhatsAppOutbound;
import java.util.Map;
import java.util.Set;

/**
 * Sends an approved template into a conversation: fills it (see {@link TemplateFilling}), stores it as a staff message
 * whose content is the text the guest reads, queues the Cloud API's template message in the outbox in the same
 * transaction (sent exactly once, retried, its {@code message_status} like any reply's), and announces the message.
 */
public final class TemplateSender {

    public static final String NOT_CONFIGURED = "WhatsApp sending is not configured on this install "
            + "(CHAT_WHATSAPP_ACCESS_TOKEN and CHAT_WHATSAPP_PHONE_NUMBER_ID): templates cannot be sent";

    private final Templates templates;
    private final Conversations conversations;
    private final MessageStore messages;
    private final GuestProfiles profiles;
    private final ChatEvents publish;
    private final WhatsAppOutbound whatsApp;
    private final TemplateFilling filling;

    public TemplateSender(Templates templates, Conversations conversations, MessageStore messages, GuestProfiles profiles,
                          ChatEvents publish, WhatsAppOutbound whatsApp, TemplateFilling filling) {
        this.templates = templates;
        this.conversations = conversations;
        this.messages = messages;
        this.profiles = profiles;
        this.publish = publish;
        this.whatsApp = whatsApp;
        this.filling = filling;
    }

    /** Whether templates can go out at all (WhatsApp sending configured). */
    public boolean enabled() {
        return whatsApp.enabled();
    }

    /** What the desk knows to fill parameters with in {@code c}, for a message {@code agentName} sends. */
    public ProfileValues profileValues(Conversation c, String agentName) {
        return profiles.find(c.guestId()).map(p -> new ProfileValues(p, agentName))
                .orElseThrow(() -> new TemplateRefused("The guest of this conversation no longer exists"));
    }

    /** The template, or a refusal naming the id. */
    public Template template(long templateId) {
        return templates.find(templateId).orElseThrow(() -> new TemplateRefused("Unknown template " + templateId));
    }

    /**
     * Fills template {@code templateId} for conversation {@code conversationId} (in one of {@code departments}) and
     * sends it as {@code sender}. Throws {@link TemplateRefused} when it cannot be sent as asked; otherwise the
     * append's result ({@code Duplicate} for a retried {@code clientMessageId}, {@code ConversationNotFound},
     * {@code ConversationClosed}, or {@code Appended}, announced already).
     */
    public AppendResult send(long conversationId, Sender sender, Set<String> departments, long templateId,
                             Map<String, String> header, Map<String, String> body, String clientMessageId) {
        if (!enabled()) {
            throw new TemplateRefused(NOT_CONFIGURED);
        }
        Conversation c = conversations.find(conversationId).orElse(null);
        if (c == null || !departments.contains(c.department())) {
            return new AppendResult.ConversationNotFound();
        }
        PreparedTemplate prepared = prepare(templateId, c, sender.name(), new TemplateValues(header, body));
        AppendResult result = messages.appendTemplate(conversationId, sender, prepared.text(), clientMessageId,
                departments, prepared.use(), prepared.cloudTemplate());
        announce(result);
        return result;
    }

    /**
     * Template {@code templateId} filled for conversation {@code c} as {@code agentName} would send it now: the values
     * staff gave, the guest's profile for the rest. Throws {@link TemplateRefused} when it cannot be sent so.
     */
    public PreparedTemplate prepare(long templateId, Conversation c, String agentName, TemplateValues values) {
        return filling.fill(template(templateId), values.header(), values.body(), profileValues(c, agentName));
    }

    /** A committed template message: to its conversation and department, and the outbox woken to send it. */
    public void announce(AppendResult result) {
        if (result instanceof AppendResult.Appended appended) {
            publish.messageCommitted(appended);
            whatsApp.queued();
        }
    }
}
