package com.hotelchat.node;

import com.hotelchat.node.config.ConfigException;
import com.hotelchat.node.config.NodeConfig;
import com.hotelchat.node.logging.LogContext;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar chat-node.jar}: a node configured only by {@code CHAT_*} environment variables. */
public final class Main {

    private Main() {}

    public static void main(String[] args) throws InterruptedException {
        Logger log = LoggerFactory.getLogger(Main.class);
        NodeConfig config;
        try {
            config = NodeConfig.fromEnvironment();
        } catch (ConfigException e) {
            log.error("configuration error: {}", e.getMessage());
            System.exit(2);
            return;
        }
        LogContext.nodeIs(config.nodeId());
        HeapPolicy.apply();
        NativeHeapTrim.start(Duration.ofSeconds(30));
        OpenFilesLimit.report();
        ChatNode node;
        try {
            node = ChatNode.start(config);
        } catch (RuntimeException e) {
            // What it depends on refused it (the database, the port): one line that says what, then exit.
            log.error("cannot start: {}", StartFailure.describe(e));
            log.debug("cannot start", e);
            System.exit(1);
            return;
        }
        // SIGTERM (Kubernetes, systemd, Ctrl-C): drain, hand sessions over, then stop.
        node.stopOnShutdown(config.drainGrace());
        // Grizzly's threads are daemons: the main thread keeps the process alive until it is told to stop.
        new CountDownLatch(1).await();
    }
}
