package com.hotelchat.node.logging;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;

/**
 * The node's log lines: its text pattern ({@code CHAT_LOG_FORMAT=text}, the default) or one JSON object per line
 * ({@code json}) for Loki or Elasticsearch: {@code timestamp} (ISO-8601 UTC), {@code level}, {@code logger},
 * {@code thread}, {@code message}, then {@code node}, {@code session}, {@code user}, {@code conversation} and
 * {@code trace_id} only when set, and {@code error} (the stack trace) when there is one. Any other value of the setting
 * writes text (the node then refuses to start and says why).
 */
public final class NodeLogEncoder extends PatternLayoutEncoder {

    public static final String TEXT = "text";
    public static final String JSON = "json";

    private static final JsonFactory FACTORY = new JsonFactory();
    private boolean json;

    /** From logback.xml: {@code ${CHAT_LOG_FORMAT:-text}}. */
    public void setFormat(String format) {
        this.json = JSON.equals(format);
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return json ? jsonLine(event) : super.encode(event);
    }

    static byte[] jsonLine(ILoggingEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("timestamp", Instant.ofEpochMilli(event.getTimeStamp()).toString());
            json.writeStringField("level", event.getLevel().toString());
            json.writeStringField("logger", event.getLoggerName());
            json.writeStringField("thread", event.getThreadName());
            json.writeStringField("message", event.getFormattedMessage());
            for (Map.Entry<String, String> field : LogContext.fields(event).entrySet()) {
                json.writeStringField(field.getKey(), field.getValue());
            }
            IThrowableProxy error = event.getThrowableProxy();
            if (error != null) {
                json.writeStringField("error", ThrowableProxyUtil.asString(error));
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }
}
