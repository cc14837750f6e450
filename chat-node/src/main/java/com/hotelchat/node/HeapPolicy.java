package com.hotelchat.node;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the heap back while the node is quiet, and leaves G1 its own sizing while the node is busy. A node started
 * with plain {@code java -jar} gets G1 with a maximum heap of a quarter of the machine's memory, and keeps whatever
 * the garbage of a burst (thousands of handshakes, a busy minute) made it commit: measured, about 230 KiB of RSS per
 * idle connection, nearly all of it free heap. So the node changes, in the running JVM, the collector settings
 * HotSpot lets it change ("manageable" flags): a collection every 30 s while the node is quiet
 * ({@code G1PeriodicGCInterval}), and once no collection has been needed for {@link #QUIET_AFTER}, free ratios of
 * 10/20, so that those collections shrink the heap to about a quarter more than what is live. The first collection
 * the node's own allocation needs after that (not a periodic one) puts the JVM's ratios back (40/70 unless given).
 *
 * <p>Why not 10/20 all the time: measured (docs/benchmarks.md, "The heap policy while busy"), a node that held its
 * heap that tight through a burst of 1,668 handshakes collected young garbage every 0.4 s and started a concurrent
 * cycle every 1.5 s, because every cycle's remark shrank the heap again: one and a half to three times the pause time
 * of the JVM's own ratios over the same burst. A setting given on the command line (or in {@code JAVA_TOOL_OPTIONS})
 * is left as given: the ratios are managed only when neither was given.
 */
final class HeapPolicy {

    private static final Logger log = LoggerFactory.getLogger(HeapPolicy.class);
    static final Duration QUIET_AFTER = Duration.ofSeconds(10);
    static final FreeRatios WHILE_QUIET = new FreeRatios(10, 20);
    private static final String PERIODIC_INTERVAL = "G1PeriodicGCInterval";
    private static final String PERIODIC_MILLIS = "30000";
    /** The cause G1 gives the collections its periodic timer starts (they are the quiet node's, not its load's). */
    static final String PERIODIC_CAUSE = "G1 Periodic Collection";

    private final FreeRatios whileBusy;
    private final Consumer<FreeRatios> apply;
    private final LongSupplier nanoTime;
    private long lastNeededAt;
    private boolean quiet;

    /** Starts busy, with {@code whileBusy} in effect; {@code apply} sets the JVM's ratios. */
    HeapPolicy(FreeRatios whileBusy, Consumer<FreeRatios> apply, LongSupplier nanoTime) {
        this.whileBusy = whileBusy;
        this.apply = apply;
        this.nanoTime = nanoTime;
        this.lastNeededAt = nanoTime.getAsLong();
    }

    /** A young collection ended: one the node's allocation needed puts the busy ratios back at once. */
    synchronized void collected(String cause) {
        if (PERIODIC_CAUSE.equals(cause)) {
            return;
        }
        lastNeededAt = nanoTime.getAsLong();
        if (quiet) {
            quiet = false;
            apply.accept(whileBusy);
            log.debug("heap policy: busy, free ratios {}", whileBusy);
        }
    }

    /** Called now and then: after {@link #QUIET_AFTER} without a needed collection, the quiet ratios. */
    synchronized void check() {
        if (!quiet && nanoTime.getAsLong() - lastNeededAt >= QUIET_AFTER.toNanos()) {
            quiet = true;
            apply.accept(WHILE_QUIET);
            log.debug("heap policy: quiet, free ratios {}", WHILE_QUIET);
        }
    }

    synchronized boolean isQuiet() {
        return quiet;
    }

    /** Applies the policy to this JVM when it runs G1; does nothing otherwise. */
    static void start() {
        HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        if (hotspot == null || !"true".equals(hotspot.getVMOption("UseG1GC").getValue())) {
            return;
        }
        if (isDefault(hotspot, PERIODIC_INTERVAL)) {
            hotspot.setVMOption(PERIODIC_INTERVAL, PERIODIC_MILLIS);
        }
        if (!isDefault(hotspot, FreeRatios.MIN) || !isDefault(hotspot, FreeRatios.MAX)) {
            log.info("heap policy: free ratios left as given ({}), periodic collection every {} ms",
                    FreeRatios.current(hotspot), hotspot.getVMOption(PERIODIC_INTERVAL).getValue());
            return;
        }
        FreeRatios whileBusy = FreeRatios.current(hotspot);
        HeapPolicy policy = new HeapPolicy(whileBusy, ratios -> ratios.applyTo(hotspot), System::nanoTime);
        policy.listenToCollections();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("heap-policy").factory());
        timer.scheduleWithFixedDelay(policy::check, 1, 1, TimeUnit.SECONDS);
        log.info("heap policy: free ratios {} while busy, {} after {} s without a needed collection; periodic "
                        + "collection every {} ms", whileBusy, WHILE_QUIET, QUIET_AFTER.toSeconds(),
                hotspot.getVMOption(PERIODIC_INTERVAL).getValue());
    }

    /** Hears of every young collection this JVM runs, with its cause. */
    void listenToCollections() {
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(
                        (notification, handback) -> collected(GarbageCollectionNotificationInfo
                                .from((CompositeData) notification.getUserData()).getGcCause()),
                        notification -> GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION
                                .equals(notification.getType()) && isYoung(notification.getUserData()),
                        null);
            }
        }
    }

    private static boolean isYoung(Object userData) {
        return userData instanceof CompositeData data
                && "end of minor GC".equals(GarbageCollectionNotificationInfo.from(data).getGcAction());
    }

    private static boolean isDefault(HotSpotDiagnosticMXBean hotspot, String name) {
        VMOption option = hotspot.getVMOption(name);
        return option.getOrigin() == VMOption.Origin.DEFAULT && option.isWriteable();
    }
}
