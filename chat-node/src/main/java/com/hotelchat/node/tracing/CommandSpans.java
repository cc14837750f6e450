package com.hotelchat.node.tracing;

import com.hotelchat.node.session.ClientSession;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;

/**
 * The spans of the commands that are traced: a staff {@code text} ({@code chat.text}) and a guest's web-chat text
 * ({@code chat.guest_text}), each from its receipt to its publish, as SERVER spans (a request from a client). Off: the
 * shared {@link CommandSpan#NONE}, no allocation and nothing recorded.
 */
public final class CommandSpans {

    /** Nothing traced. */
    public static final CommandSpans OFF = new CommandSpans(null);

    private static final AttributeKey<Long> CONVERSATION = AttributeKey.longKey("chat.conversation.id");
    private static final AttributeKey<String> SESSION = AttributeKey.stringKey("chat.session.id");

    /** Null: off. */
    private final Tracer tracer;

    CommandSpans(Tracer tracer) {
        this.tracer = tracer;
    }

    /** A staff text, current on this thread until closed. */
    public CommandSpan text(ClientSession session, long conversationId) {
        return tracer == null ? CommandSpan.NONE : start("chat.text", session, conversationId);
    }

    /** A guest's text, current on this thread until closed. */
    public CommandSpan guestText(ClientSession guest, long conversationId) {
        return tracer == null ? CommandSpan.NONE : start("chat.guest_text", guest, conversationId);
    }

    private CommandSpan start(String name, ClientSession session, long conversationId) {
        return CommandSpan.open(tracer.spanBuilder(name).setSpanKind(SpanKind.SERVER)
                .setAttribute(CONVERSATION, conversationId).setAttribute(SESSION, session.id()).startSpan());
    }
}
