package org.rtmpcluster.http;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.rtmpcluster.media.MediaStream;
import org.rtmpcluster.media.StreamStats;
import org.rtmpcluster.media.StreamTable;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Series of single streams ({@code stream="app/name"}) for at most {@code max} of the node's live streams, the
 * first by key: Prometheus keeps every label value it ever saw, so an unbounded set of stream names would grow
 * without end (SRS refused per-stream labels for that). Off at {@code max} 0, the default. Refreshed on each
 * scrape: a stream that ended loses its series, the next one by key gets them.
 */
final class StreamSeries {
    private final MeterRegistry registry;
    private final StreamTable streams;
    private final int max;
    private final Map<MediaStream, List<Meter>> labelled = new HashMap<>();

    StreamSeries(MeterRegistry registry, StreamTable streams, int max) {
        this.registry = registry;
        this.streams = streams;
        this.max = max;
    }

    /** Scrapes may come on several HTTP loops at once: one refresh at a time. */
    synchronized void refresh() {
        if (max == 0) {
            return;
        }
        Set<MediaStream> wanted = streams.streams().stream().sorted(Comparator.comparing(s -> s.key().toString()))
                .limit(max).collect(Collectors.toSet());
        // Remove first: a republished key has a new stream whose series take the same name and labels.
        labelled.entrySet().removeIf(e -> {
            if (wanted.contains(e.getKey())) {
                return false;
            }
            e.getValue().forEach(registry::remove);
            return true;
        });
        for (MediaStream s : wanted) {
            labelled.computeIfAbsent(s, this::register);
        }
    }

    private List<Meter> register(MediaStream stream) {
        Tags tags = Tags.of("stream", stream.key().toString());
        StreamStats stats = stream.stats();
        return List.of(
                Gauge.builder("rtmp.stream.players", stats, StreamStats::players).tags(tags)
                        .description("Players of the stream on this node now").register(registry),
                FunctionCounter.builder("rtmp.stream.received", stats, StreamStats::bytesIn).tags(tags)
                        .baseUnit("bytes").description("Media payload bytes the stream received")
                        .register(registry),
                FunctionCounter.builder("rtmp.stream.skipped.player.messages", stats,
                                StreamStats::playerMessagesSkipped).tags(tags)
                        .description("Media messages the stream's slow players skipped").register(registry));
    }
}
