package com.hotelchat.node.http;

import com.hotelchat.protocol.JsonCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.glassfish.grizzly.http.server.Response;

/** Writes an answer (JSON, or plain text) the way every REST answer goes out: never cached, {@code Retry-After} when due. */
public final class AnswerWriter {

    private AnswerWriter() {}

    /** {@code retryAfter} null: no {@code Retry-After} header. */
    public static void write(Response response, JsonCodec codec, ApiResponse answer, Duration retryAfter)
            throws IOException {
        byte[] body = (answer.plainText() ? String.valueOf(answer.body()) : codec.encode(answer.body()))
                .getBytes(StandardCharsets.UTF_8);
        response.setStatus(answer.status());
        response.setContentType(answer.plainText() ? answer.textType() : "application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        answer.headers().forEach(response::setHeader);
        if (retryAfter != null) {
            response.setHeader("Retry-After", Long.toString(Math.max(1, (retryAfter.toMillis() + 999) / 1000)));
        }
        response.setContentLength(body.length);
        writeBody(response, body);
    }

    /** Writes the body, except to a {@code HEAD} request: that one gets the headers (its length included) alone. */
    static void writeBody(Response response, byte[] body) throws IOException {
        if (response.getRequest().getMethod() != org.glassfish.grizzly.http.Method.HEAD) {
            response.getOutputStream().write(body);
        }
    }
}
