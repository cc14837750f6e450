package com.hotelchat.node.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotelchat.db.conversation.Conversations;
import com.hotelchat.db.message.AppendResult;
import com.hotelchat.db.message.Sender;
import com.hotelchat.db.staff.StaffAccount;
import com.hotelchat.db.template.Templates;
import com.hotelchat.domain.Conversation;
import com.hotelchat.domain.SenderType;
import com.hotelchat.domain.Template;
import com.hotelchat.domain.TemplateContent;
import com.hotelchat.domain.TemplatePrefill;
import com.hotelchat.node.chat.ChatService;
import com.hotelchat.node.chat.EventFactory;
import com.hotelchat.node.template.ProfileValues;
import com.hotelchat.node.template.TemplateFilling;
import com.hotelchat.node.template.TemplateImport;
import com.hotelchat.node.template.TemplateRefused;
import com.hotelchat.node.template.TemplateSender;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * WhatsApp templates: admins register, edit, delete and import them ({@code /admin/templates}); staff see which ones
 * a conversation can be sent, with the parameters the guest's profile fills, and send one
 * ({@code /chat/conversations/{id}/templates/}).
 */
public final class TemplateApi {

    private final Templates templates;
    private final TemplateForm form = new TemplateForm();
    private final TemplateImport importer;
    private final TemplateSender sender;
    private final VisibleConversations visible;
    private final EventFactory events;

    public TemplateApi(Templates templates, TemplateImport importer, TemplateSender sender, Conversations conversations,
                       EventFactory events) {
        this.templates = templates;
        this.importer = importer;
        this.sender = sender;
        this.visible = new VisibleConversations(conversations);
        this.events = events;
    }

    public ApiResponse list(ApiRequest request) {
        return ApiResponse.ok(Map.of("templates", templates.all().stream().map(TemplateApi::view).toList()));
    }

    public ApiResponse create(ApiRequest request) {
        Template t = form.created(request.object());
        return ApiResponse.created(view(templates.create(t.name(), t.language(), t.category(), t.status(), t.content(),
                t.prefill()).orElseThrow(() -> ApiError.conflict(TemplateForm.CLASH))));
    }

    public ApiResponse update(ApiRequest request) {
        JsonNode body = request.object();
        try {
            return ApiResponse.ok(view(templates.update(request.pathId(0), current -> form.changed(current, body))
                    .orElseThrow(() -> ApiError.notFound("Unknown template"))));
        } catch (org.apache.ibatis.exceptions.PersistenceException e) {
            throw UniqueViolation.asConflict(e, TemplateForm.CLASH);
        }
    }

    public ApiResponse delete(ApiRequest request) {
        boolean deleted;
        try {
            deleted = templates.delete(request.pathId(0));
        } catch (org.apache.ibatis.exceptions.PersistenceException e) {
            throw UniqueViolation.stillReferenced(e, "A guest journey rule uses this template: change or delete the rule "
                    + "first");
        }
        if (!deleted) {
            throw ApiError.notFound("Unknown template");
        }
        return ApiResponse.ok(Map.of("deleted", true));
    }

    /** One action: every template of the WhatsApp Business Account, all pages. */
    public ApiResponse importFromWhatsApp(ApiRequest request) {
        if (!importer.enabled()) {
            throw ApiError.conflict("Importing templates needs CHAT_WHATSAPP_ACCESS_TOKEN and "
                    + "CHAT_WHATSAPP_BUSINESS_ACCOUNT_ID (the WhatsApp Business Account's id)");
        }
        TemplateImport.Result result;
        try {
            result = importer.run();
        } catch (TemplateRefused e) {
            throw new ApiError(502, e.getMessage());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("added", result.added());
        body.put("updated", result.updated());
        body.put("skipped", result.skipped());
        body.put("templates", templates.all().stream().map(TemplateApi::view).toList());
        return ApiResponse.ok(body);
    }

    /**
     * The approved templates as they would go out in this conversation (parameters the profile fills, filled), and
     * the state of the guest's 24-hour window: outside it only a template reaches the guest.
     */
    public ApiResponse forConversation(StaffAccount caller, ApiRequest request) {
        Conversation c = visible.get(caller, request.pathId(0));
        ProfileValues profile = sender.profileValues(c, caller.user().name());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sending_enabled", sender.enabled());
        body.put("window", window(c, Instant.now()));
        body.put("templates", templates.all().stream().filter(Template::approved).map(t -> {
            Map<String, Object> view = view(t);
            view.put("prefilled", Map.of("header", profile.prefilled(t, t.content().headerParameters()),
                    "body", profile.prefilled(t, t.content().bodyParameters())));
            String unsendable = TemplateFilling.unsendable(t);
            if (unsendable != null) {
                view.put("unsendable", unsendable);
            }
            return view;
        }).toList());
        return ApiResponse.ok(body);
    }

    /** {@code {"template_id", "parameters"?, "header_parameters"?, "client_message_id"?}}: the message, as sent. */
    public ApiResponse send(StaffAccount caller, ApiRequest request) {
        long conversationId = request.pathId(0);
        JsonNode body = request.object();
        long templateId = Fields.requiredId(body, "template_id");
        String clientMessageId = Fields.optionalText(body, "client_message_id", 64);
        if (!sender.enabled()) {
            throw ApiError.conflict(TemplateSender.NOT_CONFIGURED);
        }
        AppendResult result;
        try {
            result = sender.send(conversationId, new Sender(SenderType.STAFF, caller.user().id(), caller.user().name()),
                    java.util.Set.copyOf(caller.departments()), templateId, TemplateForm.values(body, "header_parameters"),
                    TemplateForm.values(body, "parameters"), clientMessageId);
        } catch (TemplateRefused e) {
            throw ApiError.badRequest(e.getMessage());
        }
        return switch (result) {
            case AppendResult.Appended a -> ApiResponse.created(events.messageData(a.message(), a.conversation()));
            case AppendResult.Duplicate d -> ApiResponse.ok(events.messageData(d.original(), d.conversation()));
            case AppendResult.ConversationClosed closed -> throw ApiError.conflict(ChatService.CLOSED);
            default -> throw ApiError.notFound(ChatService.NOT_FOUND);
        };
    }

    /** Whether free text reaches the guest now: a WhatsApp guest's window open; else only a template does. */
    static Map<String, Object> window(Conversation c, Instant now) {
        Map<String, Object> window = new LinkedHashMap<>();
        window.put("whatsapp", c.isWhatsApp());
        window.put("open", c.isWhatsApp() && c.windowExpiresAt().isAfter(now));
        window.put("expires_at", c.windowExpiresAt());
        return window;
    }

    static Map<String, Object> view(Template t) {
        Map<String, Object> view = new LinkedHashMap<>();
        TemplateContent c = t.content();
        view.put("id", t.id());
        view.put("name", t.name());
        view.put("language", t.language());
        view.put("category", t.category());
        view.put("status", t.status());
        view.put("header", c.header());
        view.put("body", c.body());
        view.put("footer", c.footer());
        view.put("buttons", c.buttons());
        view.put("header_parameters", c.headerParameters());
        view.put("parameters", c.bodyParameters());
        view.put("prefill", (t.prefill() == null ? TemplatePrefill.NONE : t.prefill()).fields());
        view.put("whatsapp_id", t.whatsappId());
        view.put("updated_at", t.updatedAt());
        return view;
    }
}
