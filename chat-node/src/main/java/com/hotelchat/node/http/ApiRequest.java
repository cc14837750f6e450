package com.hotelchat.node.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** One REST call as the route handlers see it: already routed, body parsed, path parameters extracted. */
public record ApiRequest(String method, String path, List<String> pathParams, Map<String, String> query,
                         java.util.function.UnaryOperator<String> headers, String remoteAddress, byte[] rawBody,
                         JsonNode body) {

    public String header(String name) {
        return headers.apply(name);
    }

    public long pathId(int index) {
        try {
            long id = Long.parseLong(pathParams.get(index));
            if (id <= 0) {
                throw new NumberFormatException();
            }
            return id;
        } catch (NumberFormatException e) {
            throw ApiError.notFound("Not found");
        }
    }

    public String bearerToken() {
        return BearerToken.of(header("Authorization"));
    }

    /** The body as an object; a missing or non-object body is a 400. */
    public JsonNode object() {
        if (body == null || !body.isObject()) {
            throw ApiError.badRequest("The request body must be a JSON object");
        }
        return body;
    }

    public Integer queryInt(String name, int min, int max) {
        String value = query.get(name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < min || parsed > max) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("'" + name + "' must be a whole number from " + min + " to " + max);
        }
    }

    public Long queryId(String name) {
        String value = query.get(name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            long parsed = Long.parseLong(value);
            if (parsed <= 0) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("'" + name + "' must be a positive integer");
        }
    }
}
