package com.hotelchat.node.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotelchat.db.template.Templates;
import com.hotelchat.domain.Template;
import com.hotelchat.domain.TemplateContent;
import com.hotelchat.domain.TemplatePrefill;
import com.hotelchat.node.whatsapp.CloudApiClient;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports the WhatsApp Business Account's templates from the Business Management API
 * ({@code GET /{waba-id}/message_templates}, every page): new ones are added, known ones (same name and language) take
 * WhatsApp's status and content and keep their prefill. All pages are read before anything is stored, so a failure
 * half-way stores nothing.
 */
public final class TemplateImport {

    private static final Logger log = LoggerFactory.getLogger(TemplateImport.class);
    /** A business has at most a few thousand templates: 100 pages of 100 is far beyond that. */
    private static final int MAX_PAGES = 100;
    private static final Pattern NAME = Pattern.compile("[a-z0-9_]{1,512}");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(_[A-Za-z0-9]{2,8})?");

    private final CloudApiClient api;
    private final String businessAccountId;
    private final Templates templates;

    /** {@code api} null: import is not configured. */
    public TemplateImport(CloudApiClient api, String businessAccountId, Templates templates) {
        this.api = api;
        this.businessAccountId = businessAccountId;
        this.templates = templates;
    }

    public boolean enabled() {
        return api != null && businessAccountId != null;
    }

    /** What an import did: templates added and updated, and those skipped (with why, for the admin to read). */
    public record Result(int added, int updated, List<String> skipped) {}

    /** Throws {@link TemplateRefused} when WhatsApp does not answer with the templates. */
    public Result run() {
        if (!enabled()) {
            throw new TemplateRefused("Importing templates needs CHAT_WHATSAPP_ACCESS_TOKEN and "
                    + "CHAT_WHATSAPP_BUSINESS_ACCOUNT_ID (the WhatsApp Business Account's id)");
        }
        List<Template> found = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            CloudApiClient.Listing listing = api.listTemplates(businessAccountId, after);
            if (listing instanceof CloudApiClient.Listing.Failed failed) {
                throw new TemplateRefused("WhatsApp did not list the templates: " + reason(failed.reason()));
            }
            CloudApiClient.Listing.Page page = (CloudApiClient.Listing.Page) listing;
            for (JsonNode t : page.templates()) {
                Template template = template(t);
                if (template == null) {
                    skipped.add(t.path("name").asText("?") + " (" + t.path("language").asText("?") + ")");
                } else {
                    found.add(template);
                }
            }
            after = page.after();
        } while (after != null && ++pages < MAX_PAGES);
        Templates.Imported imported = templates.importAll(found);
        log.info("imported WhatsApp templates: {} added, {} updated, {} skipped {}", imported.added(),
                imported.updated(), skipped.size(), skipped);
        return new Result(imported.added(), imported.updated(), skipped);
    }

    private static String reason(CloudApiClient.Outcome outcome) {
        return switch (outcome) {
            case CloudApiClient.Outcome.Rejected r -> r.reason();
            case CloudApiClient.Outcome.Transient t -> t.reason() + " (try again)";
            case CloudApiClient.Outcome.Sent s -> "unexpected answer";
        };
    }

    /** A template as WhatsApp lists it, or null when it is not one this install can hold (a name or language it refuses). */
    static Template template(JsonNode t) {
        String name = t.path("name").asText("");
        String language = t.path("language").asText("");
        if (!NAME.matcher(name).matches() || !LANGUAGE.matcher(language).matches()) {
            return null;
        }
        TemplateContent.Header header = null;
        String body = null;
        String footer = null;
        List<TemplateContent.Button> buttons = new ArrayList<>();
        for (JsonNode component : t.path("components")) {
            switch (component.path("type").asText("").toUpperCase()) {
                case "HEADER" -> header = new TemplateContent.Header(component.path("format").asText("TEXT").toUpperCase(),
                        component.path("text").asText(null));
                case "BODY" -> body = component.path("text").asText(null);
                case "FOOTER" -> footer = component.path("text").asText(null);
                case "BUTTONS" -> component.path("buttons").forEach(b -> buttons.add(new TemplateContent.Button(
                        b.path("type").asText("").toUpperCase(), b.path("text").asText(""), b.path("url").asText(null),
                        b.path("phone_number").asText(null))));
                default -> { }
            }
        }
        if (body == null) {
            return null;
        }
        return new Template(0, name, language, category(t.path("category").asText("")),
                t.path("status").asText("APPROVED").toUpperCase(), new TemplateContent(header, body, footer, buttons),
                TemplatePrefill.NONE, t.path("id").asText(null), null);
    }

    /** WhatsApp's category; older names (TRANSACTIONAL, ACCOUNT_UPDATE, ...) became UTILITY, OTP AUTHENTICATION. */
    private static String category(String whatsApp) {
        String c = whatsApp.toUpperCase();
        if (Template.CATEGORIES.contains(c)) {
            return c;
        }
        return c.equals("OTP") ? "AUTHENTICATION" : "UTILITY";
    }
}
