package com.hotelchat.bus;

import io.lettuce.core.protocol.CompleteableCommand;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.tracing.TraceContext;
import io.lettuce.core.tracing.TraceContextProvider;
import io.lettuce.core.tracing.TracerProvider;
import io.lettuce.core.tracing.Tracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Lettuce's tracing SPI answered with OpenTelemetry spans: each Redis command dispatched while a span is current gets a
 * CLIENT span, its child, from the write to Redis's answer ({@code PUBLISH}, with the server's address). Commands
 * dispatched outside any span (the probe, presence heartbeats, re-subscriptions) get none, so the node's background
 * work makes no traces of its own. Command arguments are never recorded: a {@code PUBLISH}'s are message bodies.
 *
 * <p>(The instrumentation project's Lettuce library, which does the same through this SPI, is not available from the
 * registries these machines reach; this is the part of it the node needs.)
 */
final class RedisCommandSpans implements Tracing {

    private static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system.name");
    private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("db.operation.name");
    private static final AttributeKey<String> SERVER = AttributeKey.stringKey("server.address");
    private static final AttributeKey<Long> PORT = AttributeKey.longKey("server.port");

    /** The span current when a command was dispatched (on the dispatching thread). */
    private record Parent(Context context) implements TraceContext {}

    private record Server(String host, int port) implements Endpoint {}

    private final io.opentelemetry.api.trace.Tracer tracer;
    private final Commands commands = new Commands();
    private final TracerProvider provider = () -> commands;
    private final TraceContextProvider current = () -> {
        Context context = Context.current();
        return Span.fromContext(context).getSpanContext().isValid() ? new Parent(context) : TraceContext.EMPTY;
    };

    RedisCommandSpans(io.opentelemetry.api.trace.Tracer tracer) {
        this.tracer = tracer;
    }

    @Override
    public TracerProvider getTracerProvider() {
        return provider;
    }

    @Override
    public TraceContextProvider initialTraceContextProvider() {
        return current;
    }

    @Override
    public boolean isEnabled() {
        return true;
    }

    @Override
    public boolean includeCommandArgsInSpanTags() {
        return false;
    }

    @Override
    public Endpoint createEndpoint(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? new Server(inet.getHostString(), inet.getPort()) : null;
    }

    private final class Commands extends io.lettuce.core.tracing.Tracer {

        @Override
        public io.lettuce.core.tracing.Tracer.Span nextSpan() {
            return Untraced.INSTANCE;
        }

        @Override
        public io.lettuce.core.tracing.Tracer.Span nextSpan(TraceContext context) {
            return context instanceof Parent parent ? new CommandSpan(parent.context()) : Untraced.INSTANCE;
        }
    }

    /** One command's span: named and addressed first, started when Lettuce writes it, ended by Redis's answer. */
    private final class CommandSpan extends io.lettuce.core.tracing.Tracer.Span {

        private final Context parent;
        private String name = "redis";
        private Server server;
        private volatile Span span;

        CommandSpan(Context parent) {
            this.parent = parent;
        }

        @Override
        public CommandSpan start(RedisCommand<?, ?, ?> command) {
            var builder = tracer.spanBuilder(name).setParent(parent).setSpanKind(SpanKind.CLIENT)
                    .setAttribute(DB_SYSTEM, "redis").setAttribute(OPERATION, name);
            if (server != null) {
                builder.setAttribute(SERVER, server.host()).setAttribute(PORT, (long) server.port());
            }
            Span started = builder.startSpan();
            span = started;
            if (command instanceof CompleteableCommand<?> completeable) {
                completeable.onComplete((result, failure) -> {
                    String refused = command.getOutput() == null ? null : command.getOutput().getError();
                    if (failure != null) {
                        started.recordException(failure);
                        started.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
                    } else if (refused != null) {
                        started.setStatus(StatusCode.ERROR, refused);
                    }
                    started.end();
                });
            }
            return this;
        }

        @Override
        public CommandSpan name(String name) {
            this.name = name;
            return this;
        }

        @Override
        public CommandSpan annotate(String value) {
            return this; // Lettuce's encode start/end events: noise
        }

        @Override
        public CommandSpan tag(String key, String value) {
            return this; // arguments (never recorded) and Lettuce's own tags
        }

        @Override
        public CommandSpan error(Throwable throwable) {
            Span started = span;
            if (started != null) {
                started.recordException(throwable);
                started.setStatus(StatusCode.ERROR);
            }
            return this;
        }

        @Override
        public CommandSpan remoteEndpoint(Endpoint endpoint) {
            if (endpoint instanceof Server s) {
                server = s;
            }
            return this;
        }

        @Override
        public void finish() {
            Span started = span;
            if (started != null) {
                started.end();
            }
        }
    }

    /** A command dispatched outside any span: nothing recorded. */
    private static final class Untraced extends io.lettuce.core.tracing.Tracer.Span {

        static final Untraced INSTANCE = new Untraced();

        @Override
        public Untraced start(RedisCommand<?, ?, ?> command) {
            return this;
        }

        @Override
        public Untraced name(String name) {
            return this;
        }

        @Override
        public Untraced annotate(String value) {
            return this;
        }

        @Override
        public Untraced tag(String key, String value) {
            return this;
        }

        @Override
        public Untraced error(Throwable throwable) {
            return this;
        }

        @Override
        public Untraced remoteEndpoint(Endpoint endpoint) {
            return this;
        }

        @Override
        public void finish() {
        }
    }
}
