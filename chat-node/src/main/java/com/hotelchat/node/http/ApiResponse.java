package com.hotelchat.node.http;

/** A status and a body: JSON from the codec, or plain text when {@code plainText} (webhook challenges). */
public record ApiResponse(int status, Object body, boolean plainText) {

    public ApiResponse(int status, Object body) {
        this(status, body, false);
    }

    public static ApiResponse ok(Object body) {
        return new ApiResponse(200, body);
    }

    public static ApiResponse created(Object body) {
        return new ApiResponse(201, body);
    }

    public static ApiResponse text(int status, String text) {
        return new ApiResponse(status, text, true);
    }
}
