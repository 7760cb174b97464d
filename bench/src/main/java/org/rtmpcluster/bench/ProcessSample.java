package org.rtmpcluster.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time and resident memory of a group of processes (a server: nginx's master and worker, or one JVM), read
 * from {@code /proc}: {@code utime + stime} of {@code /proc/PID/stat} (proc(5), fields 14 and 15, in clock ticks)
 * and {@code VmRSS} of {@code /proc/PID/status}.
 */
record ProcessSample(long cpuTicks, long rssKb) {

    static ProcessSample of(List<Long> pids) {
        long ticks = 0;
        long rss = 0;
        for (long pid : pids) {
            ticks += cpuTicks(pid);
            rss += rssKb(pid);
        }
        return new ProcessSample(ticks, rss);
    }

    /** CPU seconds spent between {@code earlier} and this sample. */
    double cpuSecondsSince(ProcessSample earlier, long ticksPerSecond) {
        return (double) (cpuTicks - earlier.cpuTicks) / ticksPerSecond;
    }

    private static long cpuTicks(long pid) {
        String stat = read(pid, "stat");
        // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // fields 14 and 15 of the whole line
    }

    private static long rssKb(long pid) {
        for (String line : read(pid, "status").split("\n")) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring(6).trim().split(" +")[0]);
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/" + pid + "/status");
    }

    private static String read(long pid, String file) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), file));
        } catch (IOException e) {
            throw new UncheckedIOException("server process " + pid + " is gone (" + e.getMessage() + ")", e);
        }
    }
}
