package com.hotelchat.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The node's heap settings take effect in a running JVM on G1, and never override what was given explicitly. */
class HeapPolicyTest {

    private final HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);

    @Test
    void g1GivesBackFreeHeapAfterTheNodeStarts() {
        assumeTrue("true".equals(hotspot.getVMOption("UseG1GC").getValue()), "this JVM does not run G1");
        VMOption max = hotspot.getVMOption("MaxHeapFreeRatio");
        assumeTrue(max.getOrigin() == VMOption.Origin.DEFAULT || max.getValue().equals("20"),
                "MaxHeapFreeRatio was given on the command line");
        boolean periodicByDefault = hotspot.getVMOption("G1PeriodicGCInterval").getOrigin() == VMOption.Origin.DEFAULT;
        HeapPolicy.apply();
        assertEquals("20", hotspot.getVMOption("MaxHeapFreeRatio").getValue());
        assertEquals("10", hotspot.getVMOption("MinHeapFreeRatio").getValue());
        if (periodicByDefault) {
            assertEquals("30000", hotspot.getVMOption("G1PeriodicGCInterval").getValue());
        }
    }

    @Test
    void aSettingGivenExplicitlyIsLeftAsGiven() {
        assumeTrue("true".equals(hotspot.getVMOption("UseG1GC").getValue()), "this JVM does not run G1");
        hotspot.setVMOption("G1PeriodicGCInterval", "12345"); // origin MANAGEMENT: as if an operator had set it
        HeapPolicy.apply();
        assertEquals("12345", hotspot.getVMOption("G1PeriodicGCInterval").getValue());
    }
}
