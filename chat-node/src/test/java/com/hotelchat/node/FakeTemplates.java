package com.hotelchat.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The WhatsApp Business Account's templates inside {@link FakeCloudApi}: the listing
 * ({@code GET /{waba-id}/message_templates}, paged by cursor, {@link #pageSize} per page whatever the limit asked, so
 * that paging is exercised) and the checks a template send meets, with WhatsApp's error codes and words: 132001 (no
 * such template in that language), 132015 (paused), 132016 (disabled), 132000 (wrong number of parameters).
 */
public final class FakeTemplates {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A template WhatsApp holds: its listing JSON, and how many parameters its header and body take. */
    private record Held(ObjectNode listed, int headerParameters, int bodyParameters) {}

    private final Supplier<String> baseUrl;
    private final List<Held> held = new CopyOnWriteArrayList<>();
    private final Map<String, String> statuses = new ConcurrentHashMap<>();
    public final AtomicInteger listRequests = new AtomicInteger();
    public volatile int pageSize = 2;

    FakeTemplates(Supplier<String> baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** WhatsApp holds this template ({@code status} APPROVED, PAUSED, ...); body and header text as WhatsApp lists them. */
    public void hold(String name, String language, String category, String status, String header, String body,
                     String footer, List<String> quickReplies) {
        ObjectNode t = JSON.createObjectNode();
        t.put("name", name).put("language", language).put("category", category).put("status", status)
                .put("id", "tmpl-" + (held.size() + 1000));
        ArrayNode components = t.putArray("components");
        if (header != null) {
            components.addObject().put("type", "HEADER").put("format", "TEXT").put("text", header);
        }
        components.addObject().put("type", "BODY").put("text", body);
        if (footer != null) {
            components.addObject().put("type", "FOOTER").put("text", footer);
        }
        if (!quickReplies.isEmpty()) {
            ArrayNode buttons = components.addObject().put("type", "BUTTONS").putArray("buttons");
            quickReplies.forEach(text -> buttons.addObject().put("type", "QUICK_REPLY").put("text", text));
        }
        held.add(new Held(t, count(header), count(body)));
        statuses.put(key(name, language), status);
    }

    /** WhatsApp changes the template's status (pauses or disables it). */
    public void setStatus(String name, String language, String status) {
        statuses.put(key(name, language), status);
        held.stream().filter(h -> h.listed().path("name").asText().equals(name)
                && h.listed().path("language").asText().equals(language)).forEach(h -> h.listed().put("status", status));
    }

    /** WhatsApp's refusal of a template send, or null when it takes it (or the send is not a template). */
    FakeCloudApi.Answer refusal(JsonNode send) {
        if (!"template".equals(send.path("type").asText())) {
            return null;
        }
        JsonNode template = send.path("template");
        String name = template.path("name").asText();
        String language = template.path("language").path("code").asText();
        Held found = held.stream().filter(h -> h.listed().path("name").asText().equals(name)
                && h.listed().path("language").asText().equals(language)).findFirst().orElse(null);
        if (found == null) {
            return error(132001, "(#132001) Template name does not exist in the translation",
                    "template name (" + name + ") does not exist in " + language);
        }
        String status = statuses.get(key(name, language));
        if ("PAUSED".equals(status)) {
            return error(132015, "(#132015) Template is Paused", "Template " + name + " is paused due to low quality");
        }
        if ("DISABLED".equals(status)) {
            return error(132016, "(#132016) Template is disabled", "Template " + name + " was disabled");
        }
        if (given(template, "header") != found.headerParameters() || given(template, "body") != found.bodyParameters()) {
            return error(132000, "(#132000) Number of parameters does not match the expected number of params",
                    "body: number of localizable_params (" + given(template, "body") + ") does not match the expected "
                            + "number of params (" + found.bodyParameters() + ")");
        }
        return null;
    }

    /** Answers one page of the listing; the cursor is the index of the page's first template. */
    void list(HttpExchange exchange) throws IOException {
        listRequests.incrementAndGet();
        if (!"Bearer test-access-token".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            byte[] refused = "{\"error\":{\"message\":\"Invalid OAuth access token.\",\"code\":190}}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(401, refused.length);
            exchange.getResponseBody().write(refused);
            exchange.close();
            return;
        }
        String query = exchange.getRequestURI().getRawQuery();
        int from = 0;
        for (String pair : query == null ? new String[0] : query.split("&")) {
            if (pair.startsWith("after=")) {
                from = Integer.parseInt(pair.substring("after=".length()).replace("c", ""));
            }
        }
        List<Held> all = new ArrayList<>(held);
        ObjectNode page = JSON.createObjectNode();
        ArrayNode data = page.putArray("data");
        int to = Math.min(all.size(), from + pageSize);
        for (int i = from; i < to; i++) {
            data.add(all.get(i).listed());
        }
        ObjectNode paging = page.putObject("paging");
        paging.putObject("cursors").put("before", "c" + from).put("after", "c" + to);
        if (to < all.size()) {
            paging.put("next", baseUrl.get() + exchange.getRequestURI().getPath() + "?after=c" + to);
        }
        byte[] bytes = page.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static int given(JsonNode template, String type) {
        for (JsonNode component : template.path("components")) {
            if (component.path("type").asText().equals(type)) {
                return component.path("parameters").size();
            }
        }
        return 0;
    }

    private static FakeCloudApi.Answer error(int code, String message, String details) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error").put("message", message).put("type", "OAuthException").put("code", code);
        error.putObject("error_data").put("messaging_product", "whatsapp").put("details", details);
        error.put("fbtrace_id", "fake-trace");
        return new FakeCloudApi.Answer(400, body.toString(), 0);
    }

    private static int count(String text) {
        if (text == null) {
            return 0;
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{\\{\\s*([a-z0-9_]+)\\s*}}").matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names.size();
    }

    private static String key(String name, String language) {
        return name + "/" + language;
    }
}
