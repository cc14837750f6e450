package com.hotelchat.node.tracing;

import com.hotelchat.db.message.AppendResult;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import org.slf4j.MDC;

/**
 * A command's span, current on its thread (and its trace id in the log lines' {@code trace_id}) until
 * {@link #close()} ends it. {@link #NONE} when not traced: every method does nothing.
 */
public final class CommandSpan implements AutoCloseable {

    /** Not traced. */
    public static final CommandSpan NONE = new CommandSpan(null, null);

    /** The log field of the current trace (see {@code LogContext}). */
    public static final String TRACE_ID = "trace_id";
    private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("chat.outcome");
    private static final AttributeKey<Long> MESSAGE = AttributeKey.longKey("chat.message.id");

    private final Span span;
    private final Scope scope;

    private CommandSpan(Span span, Scope scope) {
        this.span = span;
        this.scope = scope;
    }

    static CommandSpan open(Span span) {
        MDC.put(TRACE_ID, span.getSpanContext().getTraceId());
        return new CommandSpan(span, span.makeCurrent());
    }

    /**
     * What the append came to: {@code chat.outcome} (the result's name), the message id when one was stored, and an
     * error status when the node could not store it (busy, the database away or lost mid-commit); a refusal for the
     * client's own reasons (closed, not found) is not an error of the node.
     */
    public void outcome(AppendResult result) {
        if (span == null) {
            return;
        }
        span.setAttribute(OUTCOME, result.getClass().getSimpleName());
        switch (result) {
            case AppendResult.Appended appended -> span.setAttribute(MESSAGE, appended.message().id());
            case AppendResult.Duplicate duplicate -> span.setAttribute(MESSAGE, duplicate.original().id());
            case AppendResult.Overloaded overloaded -> span.setStatus(StatusCode.ERROR, "append queue full");
            case AppendResult.DatabaseUnavailable unavailable -> span.setStatus(StatusCode.ERROR, "database unavailable");
            case AppendResult.OutcomeUnknown unknown -> span.setStatus(StatusCode.ERROR, "commit outcome unknown");
            default -> { }
        }
    }

    @Override
    public void close() {
        if (span == null) {
            return;
        }
        scope.close();
        span.end();
        MDC.remove(TRACE_ID);
    }
}
