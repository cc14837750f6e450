package com.hotelchat.node;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.management.JMException;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives freed native memory back to the operating system now and then. glibc's malloc keeps what the JVM frees (the
 * direct buffers and native allocations of a burst of handshakes and reads) in its arenas instead of returning it:
 * measured with 2,000 idle WebSockets per node, one trim ({@code jcmd PID System.trim_native_heap}) returned 30-58 MiB
 * per node, 15-29 KiB per connection. HotSpot can do this on a timer ({@code -XX:TrimNativeHeapInterval}), but only
 * when started with the flag, which a plain {@code java -jar} is not; so the node runs the same diagnostic command on
 * itself, through the platform MBean server, every {@code interval}. Where the JVM already trims (the flag given) or
 * cannot (not glibc, no such command), it does nothing.
 */
final class NativeHeapTrim {

    private static final Logger log = LoggerFactory.getLogger(NativeHeapTrim.class);
    private static final String OPERATION = "systemTrimNativeHeap";

    private NativeHeapTrim() {}

    /** Starts trimming every {@code interval} on a daemon thread, unless the JVM trims already or cannot. */
    static void start(Duration interval) {
        if (jvmTrimsItself()) {
            log.info("native heap trim: left to the JVM (-XX:TrimNativeHeapInterval given)");
            return;
        }
        Optional<String> first = trimOnce();
        if (first.isEmpty() || first.get().contains("Not available")) {
            log.info("native heap trim: not available in this JVM or C library ({})", first.orElse("no such command"));
            return;
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("native-heap-trim").factory());
        timer.scheduleWithFixedDelay(() -> trimOnce().ifPresent(result -> log.debug("native heap trim: {}", result)),
                interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        log.info("native heap trim every {} s", interval.toSeconds());
    }

    /** Runs {@code System.trim_native_heap} once; its report ("Trim native heap: RSS+Swap: 409M->351M ..."). */
    static Optional<String> trimOnce() {
        try {
            Object report = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), OPERATION,
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
            return Optional.of(String.valueOf(report).strip());
        } catch (JMException | RuntimeException e) {
            log.debug("native heap trim failed: {}", e.toString());
            return Optional.empty();
        }
    }

    private static boolean jvmTrimsItself() {
        HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        try {
            return hotspot != null && !"0".equals(hotspot.getVMOption("TrimNativeHeapInterval").getValue());
        } catch (IllegalArgumentException noSuchOption) {
            return false;
        }
    }
}
