package com.hotelchat.node;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the heap back after a burst. A node started with plain {@code java -jar} gets G1 with a maximum heap of a
 * quarter of the machine's memory, and keeps whatever the garbage of a burst (thousands of handshakes, a busy
 * minute) made it commit: measured, about 230 KiB of RSS per idle connection, nearly all of it free heap. So the node
 * sets, at start-up, the collector settings HotSpot lets a running JVM change ("manageable" flags): shrink the heap
 * after a collection when more than 20 % of it is free (10 % at least kept free), and run a collection every 30 s
 * while the node is quiet so that freed heap is returned even when nothing else would trigger one. A flag given on
 * the command line (or in {@code JAVA_TOOL_OPTIONS}) is left as given.
 */
final class HeapPolicy {

    private static final Logger log = LoggerFactory.getLogger(HeapPolicy.class);
    private static final Map<String, String> SETTINGS = Map.of(
            "MinHeapFreeRatio", "10",
            "MaxHeapFreeRatio", "20",
            "G1PeriodicGCInterval", "30000");

    private HeapPolicy() {}

    static void apply() {
        HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        if (hotspot == null || !"true".equals(option(hotspot, "UseG1GC"))) {
            return;
        }
        // Order matters: MinHeapFreeRatio may not exceed MaxHeapFreeRatio at any moment.
        for (String name : new String[] {"MinHeapFreeRatio", "MaxHeapFreeRatio", "G1PeriodicGCInterval"}) {
            try {
                VMOption current = hotspot.getVMOption(name);
                if (current.getOrigin() != VMOption.Origin.DEFAULT || !current.isWriteable()) {
                    continue;
                }
                hotspot.setVMOption(name, SETTINGS.get(name));
            } catch (IllegalArgumentException e) {
                log.warn("heap setting {} not applied: {}", name, e.getMessage());
            }
        }
        log.info("heap policy: MinHeapFreeRatio={} MaxHeapFreeRatio={} G1PeriodicGCInterval={} ms",
                option(hotspot, "MinHeapFreeRatio"), option(hotspot, "MaxHeapFreeRatio"),
                option(hotspot, "G1PeriodicGCInterval"));
    }

    private static String option(HotSpotDiagnosticMXBean hotspot, String name) {
        try {
            return hotspot.getVMOption(name).getValue();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
