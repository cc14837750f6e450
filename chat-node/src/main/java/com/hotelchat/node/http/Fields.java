package com.hotelchat.node.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotelchat.protocol.Limits;
import java.util.ArrayList;
import java.util.List;

/** Reads fields of a JSON request body, answering 400 with the field's name when one is missing or wrong. */
final class Fields {

    private Fields() {}

    static String requiredText(JsonNode body, String field, int maxLength) {
        String value = optionalText(body, field, maxLength);
        if (value == null || value.isBlank()) {
            throw ApiError.badRequest("'" + field + "' is required");
        }
        return value;
    }

    static String optionalText(JsonNode body, String field, int maxLength) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw ApiError.badRequest("'" + field + "' must be a string");
        }
        if (node.asText().length() > maxLength) {
            throw ApiError.badRequest("'" + field + "' must be at most " + maxLength + " characters");
        }
        return withoutNul(field, node.asText());
    }

    /** PostgreSQL stores no NUL character in text: refused here with the field's name, never as a failed write. */
    private static String withoutNul(String field, String value) {
        if (Limits.containsNul(value)) {
            throw ApiError.badRequest("'" + field + "' must not contain the NUL character (U+0000)");
        }
        return value;
    }

    static Boolean optionalBoolean(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            throw ApiError.badRequest("'" + field + "' must be true or false");
        }
        return node.asBoolean();
    }

    static long requiredId(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            throw ApiError.badRequest("'" + field + "' is required");
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() <= 0) {
            throw ApiError.badRequest("'" + field + "' must be a positive integer");
        }
        return node.asLong();
    }

    static List<String> optionalTextList(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw ApiError.badRequest("'" + field + "' must be a list of names");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw ApiError.badRequest("'" + field + "' must be a list of names");
            }
            values.add(withoutNul(field, item.asText()));
        }
        return List.copyOf(new java.util.LinkedHashSet<>(values));
    }
}
