package org.mviot.edge.console.web.internal.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the overview shows of this process and machine that the gateway twin does not report: the process's CPU use
 * (of one core, since the previous call; since the start at the first), its resident memory and the machine's
 * memory, from {@code /proc} (Linux) and {@link ProcessHandle}; figures a platform does not have are {@code null}.
 */
final class ProcessFigures {

    private long lastCpuNanos = -1;
    private long lastWallNanos;

    /** @return CPU use in percent of one core since the previous call */
    synchronized Double cpuPercent() {
        long cpu = ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
        if (cpu < 0) {
            return null;
        }
        long wall = System.nanoTime();
        double percent;
        if (lastCpuNanos < 0) {
            long up = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() * 1_000_000L;
            percent = up <= 0 ? 0 : 100.0 * cpu / up;
        } else {
            long dw = wall - lastWallNanos;
            percent = dw <= 0 ? 0 : 100.0 * (cpu - lastCpuNanos) / dw;
        }
        lastCpuNanos = cpu;
        lastWallNanos = wall;
        return Math.round(percent * 10) / 10.0;
    }

    /** @return {@code rssBytes}, {@code totalBytes}, {@code availableBytes} */
    static Map<String, Object> memory() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rssBytes", kib(Path.of("/proc/self/status"), "VmRSS:"));
        m.put("totalBytes", kib(Path.of("/proc/meminfo"), "MemTotal:"));
        m.put("availableBytes", kib(Path.of("/proc/meminfo"), "MemAvailable:"));
        return m;
    }

    private static Long kib(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(key)) {
                    String[] f = line.substring(key.length()).trim().split("\\s+");
                    return Long.parseLong(f[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or /proc not mounted: the figure is unknown
        }
        return null;
    }
}
