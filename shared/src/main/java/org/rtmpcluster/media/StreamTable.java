package org.rtmpcluster.media;

import io.vertx.core.Context;
import org.rtmpcluster.budget.MemoryBudget;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToLongFunction;

/** The live streams on this node, shared by all of the node's event loops. */
public final class StreamTable {
    private final ConcurrentHashMap<StreamKey, MediaStream> streams = new ConcurrentHashMap<>();
    private final StreamOptions options;
    /** The counts of the streams that left the table, so node totals never go down when a stream ends. */
    private final StreamStats ended = new StreamStats();
    /** Entries in the table, counted where they are made and removed so that the bound holds across loops. */
    private final AtomicInteger size = new AtomicInteger();
    private final MemoryBudget memory;

    public StreamTable(StreamOptions options) {
        this(options, MemoryBudget.UNLIMITED);
    }

    /** A table whose streams' GOP caches count in {@code memory}. */
    public StreamTable(StreamOptions options, MemoryBudget memory) {
        this.options = options;
        this.memory = memory;
    }

    /** The node's memory budget, which the GOP caches count in. */
    public MemoryBudget memoryBudget() {
        return memory;
    }

    public StreamOptions options() {
        return options;
    }

    /**
     * Claims {@code key} for a publisher. Returns null when the stream already has one. A stream that does not exist
     * is created on the caller's event loop, so the publisher and the stream share a loop.
     *
     * @throws TooManyStreamsException when the stream does not exist and the node holds {@code maxStreams} already
     */
    public Publication publish(StreamKey key, String description) {
        return publish(key, description, false);
    }

    /** As {@link #publish(StreamKey, String)}; with {@code takeOver}, the current publisher is replaced at once. */
    public Publication publish(StreamKey key, String description, boolean takeOver) {
        Context here = Loops.current();
        if (here == null) {
            throw new IllegalStateException("publish must be called on an event loop");
        }
        while (true) {
            MediaStream stream = streams.computeIfAbsent(key, k -> create(k, here));
            try {
                return stream.claim(description, takeOver);
            } catch (IllegalStateException ended) {
                remove(stream); // it ended as we looked: take a fresh one
            }
        }
    }

    /** Runs under the map's lock for {@code key}: a refusal leaves no entry behind. */
    private MediaStream create(StreamKey key, Context context) {
        if (size.incrementAndGet() > options.maxStreams()) {
            size.decrementAndGet();
            throw new TooManyStreamsException(options.maxStreams());
        }
        return new MediaStream(key, context, options, this::ended, memory);
    }

    private boolean remove(MediaStream stream) {
        boolean removed = streams.remove(stream.key(), stream);
        if (removed) {
            size.decrementAndGet();
        }
        return removed;
    }

    /**
     * A stream ended. Only that stream leaves the table: a new publication of the same key, begun on another loop
     * after this one ended and before it got here, holds the key now and stays.
     */
    void ended(MediaStream stream) {
        if (remove(stream)) {
            stream.stats().addTo(ended);
        }
    }

    /**
     * A counter summed over every stream this node has had, live or ended: read on a scrape, so it costs the
     * number of live streams then and nothing on the media path.
     */
    public long total(ToLongFunction<StreamStats> figure) {
        long sum = figure.applyAsLong(ended);
        for (MediaStream s : streams.values()) {
            sum += figure.applyAsLong(s.stats());
        }
        return sum;
    }

    /** The stream, with or without a publisher right now, or null. */
    public MediaStream find(StreamKey key) {
        return streams.get(key);
    }

    public Collection<MediaStream> streams() {
        return streams.values();
    }

    /**
     * Gives back every stream's buffers (GOP caches, headers) once the node's event loops have stopped, when no
     * loop can touch a stream any more.
     */
    public void releaseAll() {
        streams.values().forEach(MediaStream::releaseBuffers);
        streams.clear();
        size.set(0);
    }

}
