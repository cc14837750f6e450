package com.hotelchat.node.ws;

import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.attributes.AttributeHolder;
import org.glassfish.tyrus.container.grizzly.client.TaskProcessor;

/**
 * What Tyrus's Grizzly filter attaches to a connection it upgraded: the Tyrus connection and the task processor that
 * runs its reads one at a time. Tyrus keeps the attributes private; Grizzly finds attributes by name, and the names
 * are Tyrus's class names. Should a Tyrus upgrade rename them, nothing is found and {@link TyrusFrameFilter} closes
 * each upgraded connection at its first read rather than drop its bytes: {@code WebSocketChainTest} (and every
 * WebSocket test) fails on that.
 */
record TyrusAttachment(org.glassfish.tyrus.spi.Connection connection, TaskProcessor tasks) {

    private static final String CONNECTION =
            "org.glassfish.tyrus.container.grizzly.server.GrizzlyServerFilter.Connection";
    private static final String TASKS = TaskProcessor.class.getName() + ".TaskProcessor";

    /** Null unless Tyrus upgraded this connection and it is still open for Tyrus. */
    static TyrusAttachment of(Connection<?> grizzly) {
        AttributeHolder attributes = grizzly.getAttributes();
        return attributes.getAttribute(CONNECTION) instanceof org.glassfish.tyrus.spi.Connection connection
                && attributes.getAttribute(TASKS) instanceof TaskProcessor tasks
                ? new TyrusAttachment(connection, tasks) : null;
    }

    static void detach(Connection<?> grizzly) {
        grizzly.getAttributes().removeAttribute(CONNECTION);
        grizzly.getAttributes().removeAttribute(TASKS);
    }
}
