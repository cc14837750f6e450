package com.hotelchat.node.http;

/** An expected refusal: answered as {@code {"error": message}} with the status, never logged as a failure. */
public final class ApiError extends RuntimeException {

    private final int status;
    private final java.time.Duration retryAfter;

    public ApiError(int status, String message) {
        this(status, message, null);
    }

    private ApiError(int status, String message, java.time.Duration retryAfter) {
        super(message, null, false, false);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public int status() {
        return status;
    }

    /** For a 429: how long to wait (the {@code Retry-After} header), or null. */
    public java.time.Duration retryAfter() {
        return retryAfter;
    }

    public static ApiError tooManyRequests(String message, java.time.Duration retryAfter) {
        return new ApiError(429, message, retryAfter);
    }

    public static ApiError badRequest(String message) {
        return new ApiError(400, message);
    }

    public static ApiError unauthorized() {
        return new ApiError(401, "Authentication required: send a valid token as 'Authorization: Bearer <token>'");
    }

    public static ApiError forbidden(String message) {
        return new ApiError(403, message);
    }

    public static ApiError notFound(String message) {
        return new ApiError(404, message);
    }

    public static ApiError conflict(String message) {
        return new ApiError(409, message);
    }
}
