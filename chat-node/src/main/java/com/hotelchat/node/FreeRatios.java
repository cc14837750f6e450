package com.hotelchat.node;

import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * G1's {@code MinHeapFreeRatio} and {@code MaxHeapFreeRatio}: how much of the heap a collection leaves free at least
 * (growing it) and at most (shrinking it). Both are "manageable": a running JVM lets them be changed, one at a time,
 * as long as the minimum never exceeds the maximum.
 */
record FreeRatios(int min, int max) {

    static final String MIN = "MinHeapFreeRatio";
    static final String MAX = "MaxHeapFreeRatio";

    FreeRatios {
        if (min < 0 || max > 100 || min > max) {
            throw new IllegalArgumentException("free ratios must satisfy 0 <= min <= max <= 100: " + min + "/" + max);
        }
    }

    static FreeRatios current(HotSpotDiagnosticMXBean hotspot) {
        return new FreeRatios(Integer.parseInt(hotspot.getVMOption(MIN).getValue()),
                Integer.parseInt(hotspot.getVMOption(MAX).getValue()));
    }

    /** Sets both, in the order that keeps the minimum at or below the maximum at every moment. */
    void applyTo(HotSpotDiagnosticMXBean hotspot) {
        if (max >= current(hotspot).max()) {
            hotspot.setVMOption(MAX, Integer.toString(max));
            hotspot.setVMOption(MIN, Integer.toString(min));
        } else {
            hotspot.setVMOption(MIN, Integer.toString(min));
            hotspot.setVMOption(MAX, Integer.toString(max));
        }
    }

    @Override
    public String toString() {
        return min + "/" + max;
    }
}
