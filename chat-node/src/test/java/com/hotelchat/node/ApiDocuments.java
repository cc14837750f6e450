package com.hotelchat.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The OpenAPI and AsyncAPI documents a node serves, as validators: a REST answer is checked against the schema the
 * OpenAPI document gives for its path, method and status; a WebSocket event against the AsyncAPI message of its
 * channel whose payload's {@code type} is that event's type. Anything the documents do not describe fails.
 */
final class ApiDocuments {

    private static final AtomicInteger IDS = new AtomicInteger();
    private final JsonNode openApi;
    private final JsonNode asyncApi;
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    private ApiDocuments(JsonNode openApi, JsonNode asyncApi) {
        this.openApi = openApi;
        this.asyncApi = asyncApi;
    }

    /** Fetches both documents from a running node, checking that they are served as YAML. */
    static ApiDocuments servedBy(int port) {
        return new ApiDocuments(fetch(port, "/api/openapi.yaml"), fetch(port, "/api/asyncapi.yaml"));
    }

    private static JsonNode fetch(int port, String path) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), path);
            assertEquals("application/yaml", response.headers().firstValue("Content-Type").orElse("").split(";")[0]);
            return new YAMLMapper().readTree(response.body());
        } catch (Exception e) {
            throw new IllegalStateException("cannot fetch " + path, e);
        }
    }

    JsonNode openApi() {
        return openApi;
    }

    JsonNode asyncApi() {
        return asyncApi;
    }

    /** Checks a REST answer against the OpenAPI document; {@code pathTemplate} as the document writes it. */
    /** Calls {@code path} (of {@code pathTemplate}) through {@code api}, checks the answer against the document, returns it. */
    Api.Reply call(Api api, String method, String pathTemplate, String path, String token, String body) {
        Api.Reply reply = api.call(method, path, token, body);
        checkRest(method, pathTemplate, reply.status(), reply.body());
        return reply;
    }

    void checkRest(String method, String pathTemplate, int status, JsonNode body) {
        JsonNode response = response(method, pathTemplate, status, String.valueOf(body));
        JsonNode schema = response.path("content").path("application/json").path("schema");
        if (schema.isMissingNode()) {
            fail("the OpenAPI document gives no JSON schema for " + status + " of " + method + " " + pathTemplate);
        }
        check(openApi, schema, body, method + " " + pathTemplate + " " + status);
    }

    /**
     * Checks a REST answer that is not JSON (CSV): the document must give this status a string body of the answer's
     * media type ({@code contentType} as the node sent it, parameters such as the charset ignored).
     */
    void checkRestText(String method, String pathTemplate, int status, String contentType) {
        String mediaType = contentType.split(";")[0].trim();
        JsonNode schema = response(method, pathTemplate, status, contentType).path("content").path(mediaType)
                .path("schema");
        if (!schema.path("type").asText().equals("string")) {
            fail("the OpenAPI document gives no " + mediaType + " body for " + status + " of " + method + " "
                    + pathTemplate);
        }
    }

    /** The document's answer for this operation and status; fails when there is none. */
    private JsonNode response(String method, String pathTemplate, int status, String answered) {
        JsonNode operation = openApi.path("paths").path(pathTemplate).path(method.toLowerCase());
        if (operation.isMissingNode()) {
            fail("the OpenAPI document has no " + method + " " + pathTemplate);
        }
        JsonNode response = resolve(openApi, operation.path("responses").path(Integer.toString(status)));
        if (response.isMissingNode()) {
            fail("the OpenAPI document has no " + status + " answer for " + method + " " + pathTemplate + ": " + answered);
        }
        return response;
    }

    /** Checks an event a client received on {@code channel} ({@code staff} or {@code guest}). */
    void checkEvent(String channel, JsonNode event) {
        String type = event.path("type").asText();
        List<JsonNode> candidates = new ArrayList<>();
        for (JsonNode message : asyncApi.path("channels").path(channel).path("messages")) {
            JsonNode payload = resolve(asyncApi, resolve(asyncApi, message).path("payload"));
            if (type.equals(payload.path("properties").path("type").path("const").asText(null))) {
                candidates.add(payload);
            }
        }
        if (candidates.isEmpty()) {
            fail("the AsyncAPI document has no '" + type + "' message on channel " + channel + ": " + event);
        }
        List<String> problems = new ArrayList<>();
        for (JsonNode payload : candidates) {
            List<Error> errors = validate(asyncApi, payload, event);
            if (errors.isEmpty()) {
                return;
            }
            errors.forEach(e -> problems.add(e.toString()));
        }
        fail("event does not match the AsyncAPI document: " + event + " " + problems);
    }

    private void check(JsonNode document, JsonNode schema, JsonNode instance, String what) {
        List<Error> errors = validate(document, schema, instance);
        if (!errors.isEmpty()) {
            fail(what + " does not match the document: " + instance + " " + errors);
        }
    }

    /** Validates against a schema of the document; its {@code #/components/...} references resolve in the document. */
    private List<Error> validate(JsonNode document, JsonNode schema, JsonNode instance) {
        ObjectNode wrapper = schema.deepCopy();
        wrapper.set("components", document.path("components"));
        Schema compiled = registry.getSchema(
                SchemaLocation.of("https://hotelchat.test/schema/" + IDS.incrementAndGet()), wrapper);
        return compiled.validate(instance);
    }

    /** Follows a local {@code $ref} (JSON pointer into the same document), if the node is one. */
    private static JsonNode resolve(JsonNode document, JsonNode node) {
        JsonNode current = node;
        while (current.has("$ref") && current.size() == 1) {
            current = document.at(current.get("$ref").asText().substring(1));
        }
        return current;
    }
}
