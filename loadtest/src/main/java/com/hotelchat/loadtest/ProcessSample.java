package com.hotelchat.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time and resident memory of a process, read from /proc (Linux). */
record ProcessSample(long pid, double cpuSeconds, long rssKiB) {

    private static final double TICKS_PER_SECOND = 100.0;

    static ProcessSample of(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            double cpu = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
            long rss = 0;
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            return new ProcessSample(pid, cpu, rss);
        } catch (IOException | RuntimeException e) {
            return new ProcessSample(pid, -1, -1);
        }
    }
}
