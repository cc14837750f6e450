package com.hotelchat.node;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The node reaches HotSpot's native-heap trim from inside, without a command-line flag. */
class NativeHeapTrimTest {

    @Test
    void theRunningJvmTrimsItsNativeHeapOnRequest() {
        Optional<String> report = NativeHeapTrim.trimOnce();
        assertTrue(report.isPresent(), "the DiagnosticCommand MBean has no System.trim_native_heap");
        // glibc (these machines, the image): what was returned; another C library: HotSpot says it cannot
        assertTrue(report.get().startsWith("Trim native heap") || report.get().contains("Not available"),
                report.get());
    }
}
