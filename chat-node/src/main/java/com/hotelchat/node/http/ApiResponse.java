package com.hotelchat.node.http;

import java.util.Map;

/**
 * A status and a body: JSON from the codec, or text of {@code textType} (webhook challenges, CSV) written as it is;
 * {@code headers} go out with it.
 */
public record ApiResponse(int status, Object body, String textType, Map<String, String> headers) {

    public ApiResponse(int status, Object body) {
        this(status, body, null, Map.of());
    }

    public boolean plainText() {
        return textType != null;
    }

    public static ApiResponse ok(Object body) {
        return new ApiResponse(200, body);
    }

    public static ApiResponse created(Object body) {
        return new ApiResponse(201, body);
    }

    public static ApiResponse text(int status, String text) {
        return new ApiResponse(status, text, "text/plain", Map.of());
    }

    /** A CSV document to save as {@code fileName} (a plain ASCII name). */
    public static ApiResponse csv(String csv, String fileName) {
        return new ApiResponse(200, csv, "text/csv", Map.of("Content-Disposition", "attachment; filename=\"" + fileName + "\""));
    }
}
