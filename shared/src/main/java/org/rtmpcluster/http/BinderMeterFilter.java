package org.rtmpcluster.http;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;

import java.util.Map;
import java.util.Set;

/**
 * Makes Micrometer's binders pass {@code promtool check metrics}: its Netty binders register meters with no help
 * text and no base unit, and two process meters break Prometheus naming ({@code process_cpu_time_ns_total} has an
 * abbreviated unit, {@code system_cpu_count} is a gauge ending in {@code _count}). Those two are left out:
 * {@code process_cpu_usage} and the JVM's own figures say the same.
 */
final class BinderMeterFilter implements MeterFilter {
    private static final Set<String> LEFT_OUT = Set.of("process.cpu.time", "system.cpu.count");
    private static final Set<String> IN_BYTES = Set.of("netty.allocator.memory.used", "netty.allocator.memory.pinned",
            "netty.allocator.pooled.chunk.size");
    private static final Map<String, String> HELP = Map.of(
            "netty.allocator.memory.used", "Memory a Netty allocator holds from the system (the fan-out's media is "
                    + "in the pooled allocator's direct memory)",
            "netty.allocator.memory.pinned", "Memory of a Netty allocator that live buffers use",
            "netty.allocator.pooled.arenas", "Arenas of a Netty pooled allocator",
            "netty.allocator.pooled.cache.size", "Buffers a thread-local cache of a Netty pooled allocator keeps",
            "netty.allocator.pooled.chunk.size", "Chunk size of a Netty pooled allocator",
            "netty.allocator.pooled.threadlocal.caches", "Thread-local caches of a Netty pooled allocator",
            "netty.eventexecutor.tasks.pending", "Tasks waiting on each event loop");

    @Override
    public MeterFilterReply accept(Meter.Id id) {
        return LEFT_OUT.contains(id.getName()) ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
    }

    @Override
    public Meter.Id map(Meter.Id id) {
        String help = HELP.get(id.getName());
        if (help == null || id.getDescription() != null && !id.getDescription().isBlank()) {
            return id;
        }
        String unit = IN_BYTES.contains(id.getName()) ? "bytes" : id.getBaseUnit();
        return new Meter.Id(id.getName(), io.micrometer.core.instrument.Tags.of(id.getTags()), unit, help,
                id.getType());
    }
}
