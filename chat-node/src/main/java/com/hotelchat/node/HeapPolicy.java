package com.hotelchat.node;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import java.util.List;
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
    /** In this order: MinHeapFreeRatio may not exceed MaxHeapFreeRatio at any moment. */
    private static final List<Map.Entry<String, String>> SETTINGS = List.of(
            Map.entry("MinHeapFreeRatio", "10"),
            Map.entry("MaxHeapFreeRatio", "20"),
            Map.entry("G1PeriodicGCInterval", "30000"));

    private HeapPolicy() {}

    static void apply() {
        HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        if (hotspot == null || !"true".equals(option(hotspot, "UseG1GC"))) {
            return;
        }
        for (Map.Entry<String, String> setting : SETTINGS) {
            try {
                VMOption current = hotspot.getVMOption(setting.getKey());
                if (current.getOrigin() != VMOption.Origin.DEFAULT || !current.isWriteable()) {
                    continue;
                }
                hotspot.setVMOption(setting.getKey(), setting.getValue());
            } catch (IllegalArgumentException e) {
                log.warn("heap setting {} not applied: {}", setting.getKey(), e.getMessage());
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
