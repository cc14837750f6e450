package com.hotelchat.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class OpenFilesLimitTest {

    @Test
    void theSoftLimitIsReadFromTheProcessLimits() throws Exception {
        Path limits = Files.createTempFile("limits", ".txt");
        Files.writeString(limits, """
                Limit                     Soft Limit           Hard Limit           Units
                Max processes             95636                95636                processes
                Max open files            20000                40000                files
                Max locked memory         8388608              8388608              bytes
                """);
        assertEquals(20_000, OpenFilesLimit.softLimit(limits).getAsLong());
        Files.writeString(limits, "Max open files            unlimited            unlimited            files\n");
        assertTrue(OpenFilesLimit.softLimit(limits).isEmpty());
        assertTrue(OpenFilesLimit.softLimit(limits.resolveSibling("no-such-file")).isEmpty());
    }

    @Test
    void thisProcessHasALimit() {
        // Linux, as everywhere the node runs: the real file is read and says something.
        assertTrue(OpenFilesLimit.softLimit(Path.of("/proc/self/limits")).getAsLong() > 0);
    }
}
