package com.hotelchat.node.tracing;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;

/**
 * The configured sampler ({@code OTEL_TRACES_SAMPLER}), except that a CLIENT span without a parent is never recorded:
 * a database statement or Redis command is traced as part of the command that made it, never as a trace of its own.
 * The node's background work (gap repair, desk timers, the outbox, presence) runs statements every second or so on every
 * node; without this each of them would be a one-span trace.
 */
public final class ClientSpansInTraces implements Sampler {

    private final Sampler configured;

    public ClientSpansInTraces(Sampler configured) {
        this.configured = configured;
    }

    @Override
    public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
                                       Attributes attributes, List<LinkData> parentLinks) {
        if (spanKind == SpanKind.CLIENT && !Span.fromContext(parentContext).getSpanContext().isValid()) {
            return SamplingResult.drop();
        }
        return configured.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
    }

    @Override
    public String getDescription() {
        return "ClientSpansInTraces{" + configured.getDescription() + "}";
    }
}
