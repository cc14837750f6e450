package com.hotelchat.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The heap is held tight only while the node is quiet: the quiet ratios after ten seconds without a collection the
 * node's allocation needed, the busy ones back at the first such collection, a periodic collection counting as quiet.
 * The ratios really change in a running JVM on G1, both ways, and a real young collection wakes the policy.
 */
class HeapPolicyTest {

    private static final FreeRatios BUSY = new FreeRatios(40, 70);

    private final HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final List<FreeRatios> applied = new ArrayList<>();
    private final HeapPolicy policy = new HeapPolicy(BUSY, applied::add, now::get);

    private void advance(Duration by) {
        now.addAndGet(by.toNanos());
    }

    @Test
    void quietAfterTenSecondsWithoutANeededCollection() {
        advance(HeapPolicy.QUIET_AFTER.minusMillis(1));
        policy.check();
        assertEquals(List.of(), applied);
        advance(Duration.ofMillis(1));
        policy.check();
        policy.check();
        assertEquals(List.of(HeapPolicy.WHILE_QUIET), applied);
        assertTrue(policy.isQuiet());
    }

    @Test
    void aPeriodicCollectionLeavesTheNodeQuiet() {
        advance(HeapPolicy.QUIET_AFTER);
        policy.check();
        policy.collected(HeapPolicy.PERIODIC_CAUSE);
        assertEquals(List.of(HeapPolicy.WHILE_QUIET), applied);
        assertTrue(policy.isQuiet());
    }

    @Test
    void theFirstNeededCollectionPutsTheBusyRatiosBackAndTheQuietCountStartsAgain() {
        advance(HeapPolicy.QUIET_AFTER);
        policy.check();
        policy.collected("G1 Evacuation Pause");
        policy.collected("G1 Evacuation Pause");
        assertEquals(List.of(HeapPolicy.WHILE_QUIET, BUSY), applied);
        assertFalse(policy.isQuiet());
        advance(HeapPolicy.QUIET_AFTER.minusSeconds(1));
        policy.check();
        assertFalse(policy.isQuiet(), "quiet counts from the last needed collection");
        advance(Duration.ofSeconds(1));
        policy.check();
        assertTrue(policy.isQuiet());
    }

    @Test
    void collectionsWhileBusyKeepItBusy() {
        for (int i = 0; i < 5; i++) {
            advance(HeapPolicy.QUIET_AFTER.minusSeconds(1));
            policy.collected("G1 Evacuation Pause");
            policy.check();
        }
        assertEquals(List.of(), applied);
    }

    @Test
    void freeRatiosKeepTheirOrder() {
        assertThrows(IllegalArgumentException.class, () -> new FreeRatios(30, 20));
        assertThrows(IllegalArgumentException.class, () -> new FreeRatios(-1, 20));
        assertThrows(IllegalArgumentException.class, () -> new FreeRatios(10, 101));
    }

    @Test
    void theRatiosChangeBothWaysInARunningJvm() {
        assumeG1();
        FreeRatios before = FreeRatios.current(hotspot);
        try {
            HeapPolicy.WHILE_QUIET.applyTo(hotspot);
            assertEquals(HeapPolicy.WHILE_QUIET, FreeRatios.current(hotspot));
            BUSY.applyTo(hotspot);
            assertEquals(BUSY, FreeRatios.current(hotspot));
            new FreeRatios(75, 90).applyTo(hotspot); // the minimum above the old maximum: the maximum goes first
            assertEquals(new FreeRatios(75, 90), FreeRatios.current(hotspot));
            HeapPolicy.WHILE_QUIET.applyTo(hotspot); // the maximum below the old minimum: the minimum goes first
            assertEquals(HeapPolicy.WHILE_QUIET, FreeRatios.current(hotspot));
        } finally {
            before.applyTo(hotspot);
        }
    }

    @Test
    void aRealYoungCollectionWakesThePolicy() throws InterruptedException {
        assumeG1();
        FreeRatios before = FreeRatios.current(hotspot);
        HeapPolicy real = new HeapPolicy(before, ratios -> ratios.applyTo(hotspot), now::get);
        real.listenToCollections();
        try {
            advance(HeapPolicy.QUIET_AFTER);
            real.check();
            assertEquals(HeapPolicy.WHILE_QUIET, FreeRatios.current(hotspot));
            youngCollection();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (real.isQuiet() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertFalse(real.isQuiet(), "no notification of the young collection reached the policy");
            assertEquals(before, FreeRatios.current(hotspot));
        } finally {
            before.applyTo(hotspot);
        }
    }

    @Test
    void startSetsThePeriodicCollectionAndLeavesWhatWasGiven() {
        assumeG1();
        VMOption periodic = hotspot.getVMOption("G1PeriodicGCInterval");
        HeapPolicy.start();
        String expected = periodic.getOrigin() == VMOption.Origin.DEFAULT ? "30000" : periodic.getValue();
        assertEquals(expected, hotspot.getVMOption("G1PeriodicGCInterval").getValue());
        hotspot.setVMOption("G1PeriodicGCInterval", "12345"); // origin MANAGEMENT: as if an operator had set it
        HeapPolicy.start();
        assertEquals("12345", hotspot.getVMOption("G1PeriodicGCInterval").getValue());
    }

    private void assumeG1() {
        assumeTrue("true".equals(hotspot.getVMOption("UseG1GC").getValue()), "this JVM does not run G1");
    }

    /** Allocates short-lived garbage until G1 has run a young collection for it. */
    private static void youngCollection() {
        GarbageCollectorMXBean young = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .filter(c -> c.getName().equals("G1 Young Generation")).findFirst().orElseThrow();
        long count = young.getCollectionCount();
        byte[][] ring = new byte[1024][]; // kept reachable, so the compiler cannot leave the allocation out
        long allocated = 0;
        for (int i = 0; young.getCollectionCount() == count && allocated < (8L << 30); i++, allocated += 1024) {
            ring[i & 1023] = new byte[1024];
        }
        assertTrue(young.getCollectionCount() > count, "no young collection after allocating " + allocated + " bytes");
    }
}
