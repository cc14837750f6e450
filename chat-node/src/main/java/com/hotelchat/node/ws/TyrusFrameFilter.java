package com.hotelchat.node.ws;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.memory.ByteBufferArray;
import org.glassfish.tyrus.container.grizzly.client.TaskProcessor;
import org.glassfish.tyrus.core.CloseReasons;

/**
 * The last filter of {@link WebSocketChain}: hands an upgraded connection's raw bytes to its Tyrus connection, one
 * task at a time through the connection's own task processor, as Tyrus's Grizzly filter does with the bytes the HTTP
 * codec wraps; a connection that closes under it is closed abnormally (1006) for Tyrus, as there.
 */
final class TyrusFrameFilter extends BaseFilter {

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        Buffer bytes = ctx.getMessage();
        TyrusAttachment tyrus = TyrusAttachment.of(ctx.getConnection());
        if (tyrus == null) {
            // Closed for Tyrus already (or Tyrus no longer where we look): nobody can take these bytes.
            ctx.getConnection().closeSilently();
            return ctx.getStopAction();
        }
        if (!bytes.hasRemaining()) {
            return ctx.getStopAction();
        }
        if (!bytes.isComposite()) {
            tyrus.tasks().processTask(new Read(tyrus, bytes.toByteBuffer()));
        } else {
            ByteBufferArray parts = bytes.toByteBufferArray();
            ByteBuffer[] array = parts.getArray();
            for (int i = 0; i < parts.size(); i++) {
                tyrus.tasks().processTask(new Read(tyrus, array[i]));
            }
            parts.recycle();
        }
        return ctx.getStopAction();
    }

    @Override
    public NextAction handleClose(FilterChainContext ctx) throws IOException {
        Connection<?> connection = ctx.getConnection();
        TyrusAttachment tyrus = TyrusAttachment.of(connection);
        if (tyrus != null) {
            tyrus.tasks().processTask(new Close(tyrus, connection));
        }
        return ctx.getStopAction();
    }

    private static final class Read extends TaskProcessor.Task {
        private final TyrusAttachment tyrus;
        private final ByteBuffer bytes;

        Read(TyrusAttachment tyrus, ByteBuffer bytes) {
            this.tyrus = tyrus;
            this.bytes = bytes;
        }

        @Override
        public void execute() {
            tyrus.connection().getReadHandler().handle(bytes);
        }
    }

    private static final class Close extends TaskProcessor.Task {
        private final TyrusAttachment tyrus;
        private final Connection<?> grizzly;

        Close(TyrusAttachment tyrus, Connection<?> grizzly) {
            this.tyrus = tyrus;
            this.grizzly = grizzly;
        }

        @Override
        public void execute() {
            tyrus.connection().close(CloseReasons.CLOSED_ABNORMALLY.getCloseReason());
            TyrusAttachment.detach(grizzly);
        }
    }
}
