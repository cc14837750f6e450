package com.hotelchat.bus;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.List;

/**
 * Traces across the bus, for a node that traces (it was given an OpenTelemetry SDK).
 *
 * <p>A publish made inside a span (a staff or guest text) gets a {@code bus.publish} PRODUCER span, and the W3C
 * {@code traceparent} of that span travels with each of its envelopes (see {@link WireFormat}). A node receiving such
 * an envelope hands it to its handlers inside a {@code bus.deliver} CONSUMER span that is a child of the publishing
 * span, so one trace runs from the sender's command to every node's delivery, and that also links to it, as the
 * messaging conventions ask of a consumer. Redis commands dispatched inside a span get CLIENT spans of their own
 * ({@link RedisCommandSpans}).
 *
 * <p>{@link #OFF}: nothing is traced or carried, at the cost of a null check per publish and per received envelope. A
 * publish outside any span (typing, presence, the probe) is never traced either, so tracing costs nothing there.
 */
public final class BusTracing {

    /** No tracing: nothing carried, nothing recorded. */
    public static final BusTracing OFF = new BusTracing(null);

    static final String SCOPE = "com.hotelchat.bus";
    private static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
    private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation.type");
    private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    private static final AttributeKey<Long> BATCH = AttributeKey.longKey("messaging.batch.message_count");
    private static final AttributeKey<String> KIND = AttributeKey.stringKey("chat.envelope.kind");
    private static final AttributeKey<Long> CONVERSATION = AttributeKey.longKey("chat.conversation.id");
    private static final AttributeKey<Long> MESSAGE = AttributeKey.longKey("chat.message.id");
    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final String TRACEPARENT = "traceparent";
    /** The carrier of an extraction: the {@code traceparent} value itself. */
    private static final TextMapGetter<String> CARRIED = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of(TRACEPARENT);
        }

        @Override
        public String get(String carrier, String key) {
            return TRACEPARENT.equals(key) ? carrier : null;
        }
    };

    /** Null: off. */
    private final Tracer tracer;

    private BusTracing(Tracer tracer) {
        this.tracer = tracer;
    }

    /** Traces with this OpenTelemetry (an SDK; a no-op one records nothing but still carries contexts). */
    public static BusTracing with(OpenTelemetry openTelemetry) {
        return new BusTracing(openTelemetry.getTracer(SCOPE));
    }

    /** What Lettuce reports its commands to: CLIENT spans for commands dispatched inside a span, or nothing. */
    io.lettuce.core.tracing.Tracing redisCommands() {
        return tracer == null ? io.lettuce.core.tracing.Tracing.disabled() : new RedisCommandSpans(tracer);
    }

    /**
     * A {@code bus.publish} span for {@code count} envelopes, the first to {@code group}, started as a child of the
     * current span; null when off or when no span is current (the caller then carries no trace context).
     */
    Span startPublish(Group group, int count) {
        if (tracer == null) {
            return null;
        }
        Context parent = Context.current();
        if (!Span.fromContext(parent).getSpanContext().isValid()) {
            return null;
        }
        SpanBuilder span = tracer.spanBuilder("bus.publish").setParent(parent).setSpanKind(SpanKind.PRODUCER)
                .setAttribute(MESSAGING_SYSTEM, "redis").setAttribute(OPERATION, "send");
        if (count == 1) {
            span.setAttribute(DESTINATION, group.name());
        } else {
            span.setAttribute(BATCH, count);
        }
        return span.startSpan();
    }

    /** The W3C {@code traceparent} of {@code span}, as the envelopes carry it. */
    static String traceParent(Span span) {
        String[] carried = new String[1];
        W3C.inject(Context.root().with(span), carried, (carrier, key, value) -> {
            if (TRACEPARENT.equals(key)) {
                carrier[0] = value;
            }
        });
        return carried[0];
    }

    /**
     * A {@code bus.deliver} span for an envelope received from another node, started now: a child of the publishing
     * span the envelope names, and linked to it. Null when off, or when the envelope carries no valid context.
     */
    Span startDelivery(String channel, WireFormat.Wire wire) {
        if (tracer == null || wire.traceParent() == null) {
            return null;
        }
        Context sender = W3C.extract(Context.root(), wire.traceParent(), CARRIED);
        SpanContext publishing = Span.fromContext(sender).getSpanContext();
        if (!publishing.isValid()) {
            return null;
        }
        Envelope e = wire.envelope();
        SpanBuilder span = tracer.spanBuilder("bus.deliver").setParent(sender).addLink(publishing)
                .setSpanKind(SpanKind.CONSUMER).setAttribute(MESSAGING_SYSTEM, "redis")
                .setAttribute(OPERATION, "process").setAttribute(DESTINATION, channel)
                .setAttribute(KIND, e.kind().name());
        if (e.conversationId() > 0) {
            span.setAttribute(CONVERSATION, e.conversationId());
        }
        if (e.messageId() > 0) {
            span.setAttribute(MESSAGE, e.messageId());
        }
        return span.startSpan();
    }

    /** Runs {@code work} with {@code span} current, then ends the span. */
    static void within(Span span, Runnable work) {
        try (Scope scope = span.makeCurrent()) {
            work.run();
        } finally {
            span.end();
        }
    }
}
