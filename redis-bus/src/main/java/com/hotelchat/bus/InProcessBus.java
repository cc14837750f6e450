package com.hotelchat.bus;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bus of a single node: publishing calls the group's handlers directly on the publishing thread.
 * It never loses an envelope, so it never needs a resync.
 */
public final class InProcessBus implements Bus {

    private static final Logger log = LoggerFactory.getLogger(InProcessBus.class);

    private final Map<Group, List<Consumer<Envelope>>> handlers = new ConcurrentHashMap<>();

    @Override
    public void publish(Group group, Envelope envelope) {
        List<Consumer<Envelope>> list = handlers.get(group);
        if (list == null) {
            return;
        }
        for (Consumer<Envelope> handler : list) {
            try {
                handler.accept(envelope);
            } catch (RuntimeException e) {
                log.error("bus handler failed group={} kind={}", group, envelope.kind(), e);
            }
        }
    }

    @Override
    public Subscription subscribe(Group group, Consumer<Envelope> handler) {
        handlers.computeIfAbsent(group, g -> new CopyOnWriteArrayList<>()).add(handler);
        return () -> handlers.computeIfPresent(group, (g, list) -> {
            list.remove(handler);
            return list.isEmpty() ? null : list;
        });
    }

    @Override
    public void onResync(ResyncListener listener) {
        // Nothing is ever lost in process.
    }

    @Override
    public BusStatus status() {
        return new BusStatus(true, "in-process");
    }

    @Override
    public void close() {
        handlers.clear();
    }
}
