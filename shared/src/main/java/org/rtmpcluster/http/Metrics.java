package org.rtmpcluster.http;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.netty4.NettyAllocatorMetrics;
import io.micrometer.core.instrument.binder.netty4.NettyEventExecutorMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.buffer.PooledByteBufAllocator;
import io.vertx.core.Vertx;
import org.rtmpcluster.cluster.RegistryTimer;
import org.rtmpcluster.media.StreamStats;
import org.rtmpcluster.media.StreamTable;
import org.rtmpcluster.metering.EventCounts;
import org.rtmpcluster.budget.ConnectionBudget;
import org.rtmpcluster.rtmp.net.CloseReason;
import org.rtmpcluster.rtmp.net.Traffic;
import org.rtmpcluster.rtmp.net.VertxInternals;
import org.rtmpcluster.server.NodeStats;
import org.rtmpcluster.server.Timings;

import java.time.Duration;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * A node's Prometheus metrics ({@code GET /metrics}): the node's own counters read where they already are
 * ({@link NodeStats}, {@link Traffic}, the streams' {@link StreamStats}) as function counters and gauges, so a
 * scrape adds nothing to the media path; three latency histograms fed once per handshake, play and registry
 * operation; and Micrometer's JVM, GC, process and Netty binders. Every series is node-level except the
 * per-stream ones of {@link StreamSeries}, which are off unless a cap is set.
 */
public final class Metrics implements RegistryTimer, Timings {
    /** Prometheus' text exposition format, version 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final String MEDIA_MESSAGES = "Media messages received by this node's streams, by type";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final StreamSeries streamSeries;
    private final Timer handshakes;
    private final Timer firstKeyframes;
    private final Meter.MeterProvider<Timer> registryOperations;

    /**
     * @param role             "origin" or "edge", a label on every series
     * @param streamLabelsMax  how many streams get series of their own (0: none)
     */
    public Metrics(Vertx vertx, String role, NodeStats stats, StreamTable streams, int streamLabelsMax) {
        registry.config().commonTags("role", role).meterFilter(new BinderMeterFilter());
        nodeSeries(stats, streams);
        handshakes = Timer.builder("rtmp.handshake")
                .description("Time from accepting a connection to the end of its RTMP handshake")
                .serviceLevelObjectives(millis(1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000))
                .register(registry);
        firstKeyframes = Timer.builder("rtmp.first.keyframe")
                .description("Time from a play command to the player's first keyframe written")
                .serviceLevelObjectives(millis(10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000))
                .register(registry);
        registryOperations = Timer.builder("rtmp.registry.operation")
                .description("Latency of stream registry claims, releases, refreshes and lookups")
                .serviceLevelObjectives(millis(1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 5000))
                .withRegistry(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        // Decoded payloads and the fan-out's shared chunk bytes live in the pooled allocator's direct memory.
        new NettyAllocatorMetrics(PooledByteBufAllocator.DEFAULT).bindTo(registry);
        if (ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider other
                && ByteBufAllocator.DEFAULT != PooledByteBufAllocator.DEFAULT) {
            new NettyAllocatorMetrics(other).bindTo(registry);
        }
        new NettyEventExecutorMetrics(VertxInternals.eventLoops(vertx)).bindTo(registry);
        streamSeries = new StreamSeries(registry, streams, streamLabelsMax);
    }

    private void nodeSeries(NodeStats stats, StreamTable streams) {
        connections("publisher", stats, NodeStats::publishers);
        connections("player", stats, NodeStats::players);
        connections("upstream", stats, NodeStats::upstreamPulls);
        connections("ingest", stats, NodeStats::ingestForwards);
        gauge("rtmp.open.connections", "Accepted RTMP connections open now, in any state", Tags.empty(), stats,
                NodeStats::connections);
        counter("rtmp.accepted.connections", "RTMP connections accepted", Tags.empty(), stats,
                NodeStats::accepted);
        for (ConnectionBudget.Refusal refusal : ConnectionBudget.Refusal.values()) {
            counter("rtmp.refused.connections", "RTMP connections refused at accept, by the bound they met",
                    Tags.of("bound", refusal.setting().toLowerCase(java.util.Locale.ROOT)), stats,
                    s -> s.refused(refusal));
        }
        for (CloseReason reason : CloseReason.values()) {
            counter("rtmp.closed.connections", "Accepted connections closed, by reason", Tags.of("reason",
                    reason.label()), stats, s -> s.closes(reason));
        }
        for (CloseReason reason : CloseReason.values()) {
            if (reason != CloseReason.PEER_CLOSED) {
                counter("rtmp.dropped.players", "Playing connections the node closed, by reason", Tags.of("reason",
                        reason.label()), stats, s -> s.playersDropped(reason));
            }
        }
        gauge("rtmp.memory.budget", "Bytes peers may make the node hold (MEMORY_BUDGET_BYTES)", Tags.empty(),
                streams, t -> t.memoryBudget().limit());
        gauge("rtmp.memory.held", "Bytes held for peers now: partial messages, queued replies, GOP caches",
                Tags.empty(), streams, t -> t.memoryBudget().used());
        counter("rtmp.memory.evictions", "Connections closed and GOP caches emptied to stay within the memory budget",
                Tags.empty(), streams, t -> t.memoryBudget().evictions());
        gauge("rtmp.streams", "Streams on this node now: published here or pulled from upstream", Tags.empty(),
                streams, t -> t.streams().size());
        Traffic traffic = stats.traffic();
        byteCounter("rtmp.received", "Bytes read from RTMP sockets", traffic, Traffic::bytesIn);
        byteCounter("rtmp.sent", "Bytes written to RTMP sockets", traffic, Traffic::bytesOut);
        total(streams, "rtmp.stream.publishes", "Publish sessions begun on this node's streams (an edge's pulls "
                + "count)", Tags.empty(), StreamStats::publishes);
        total(streams, "rtmp.media.messages", MEDIA_MESSAGES,
                Tags.of("type", "audio"), StreamStats::audioMessages);
        total(streams, "rtmp.media.messages", MEDIA_MESSAGES, Tags.of("type", "video"), StreamStats::videoMessages);
        total(streams, "rtmp.media.messages", MEDIA_MESSAGES, Tags.of("type", "data"), StreamStats::dataMessages);
        total(streams, "rtmp.skipped.player.messages", "Media messages slow players skipped to catch up at the "
                + "next keyframe", Tags.empty(), StreamStats::playerMessagesSkipped);
        total(streams, "rtmp.too.slow.players", "Players (and ingest forwards) dropped for staying behind too long",
                Tags.empty(), StreamStats::playersTooSlow);
        counter("rtmp.upstream.pulls.started", "Upstream pulls started (one per stream an edge pulls)",
                Tags.empty(), stats, NodeStats::upstreamPullsStarted);
        counter("rtmp.upstream.connect.failures", "Upstream connection attempts that failed (the pull retries)",
                Tags.empty(), stats, NodeStats::upstreamConnectFailures);
        counter("rtmp.upstream.pull.restarts", "Pulls that played again after their upstream broke or moved",
                Tags.empty(), stats, NodeStats::upstreamRestarts);
        counter("rtmp.upstream.failovers", "Pulls switched to another origin that took the stream over",
                Tags.empty(), stats, NodeStats::upstreamFailovers);
    }

    private void connections(String kind, NodeStats stats, ToDoubleFunction<NodeStats> value) {
        gauge("rtmp.connections", "Connections open now by kind: publishers and players accepted, upstream pulls "
                + "and ingest forwards opened", Tags.of("kind", kind), stats, value);
    }

    /**
     * What this node does not believe of its cluster ({@code CLUSTER_SECRET}): registry records ignored, each counted
     * once as it is logged, and members without a valid proof now.
     */
    public void clusterSeries(org.rtmpcluster.cluster.ClusterTrust trust) {
        counter("cluster.untrusted.records", "Registry records ignored for routing and pulls: not signed with "
                + "CLUSTER_SECRET or naming an untrusted member (each record counted once)", Tags.empty(), trust,
                org.rtmpcluster.cluster.ClusterTrust::untrustedRecords);
        gauge("cluster.untrusted.members", "Cluster members without a valid proof of CLUSTER_SECRET", Tags.empty(),
                trust, t -> t.untrustedMembers().size());
    }

    private <T> void gauge(String name, String help, Tags tags, T source, ToDoubleFunction<T> value) {
        Gauge.builder(name, source, value).description(help).tags(tags).register(registry);
    }

    private <T> void counter(String name, String help, Tags tags, T source, ToLongFunction<T> value) {
        FunctionCounter.builder(name, source, s -> value.applyAsLong(s)).description(help).tags(tags)
                .register(registry);
    }

    private void byteCounter(String name, String help, Traffic traffic, ToLongFunction<Traffic> value) {
        FunctionCounter.builder(name, traffic, t -> value.applyAsLong(t)).description(help).baseUnit("bytes")
                .register(registry);
    }

    private void total(StreamTable streams, String name, String help, Tags tags, ToLongFunction<StreamStats> figure) {
        counter(name, help, tags, streams, t -> t.total(figure));
    }

    private static Duration[] millis(long... values) {
        Duration[] d = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            d[i] = Duration.ofMillis(values[i]);
        }
        return d;
    }

    @Override
    public void handshake(long nanos) {
        handshakes.record(Duration.ofNanos(nanos));
    }

    @Override
    public void firstKeyframe(long nanos) {
        firstKeyframes.record(Duration.ofNanos(nanos));
    }

    @Override
    public void record(String operation, boolean succeeded, long nanos) {
        registryOperations.withTags("operation", operation, "outcome", succeeded ? "success" : "failure")
                .record(Duration.ofNanos(nanos));
    }

    /** The metrics in Prometheus' text format. */
    public String scrape() {
        streamSeries.refresh();
        return registry.scrape();
    }

    /** Series of the HTTP server's own bounds: its refusals by reason, and the bounded requests in flight. */
    void httpSeries(Refusals refusals, Slots queries, Slots locateWaits) {
        for (Refusal reason : Refusal.values()) {
            counter("http.refused", "HTTP requests and connections refused, by reason", Tags.of("reason",
                    reason.label()), refusals, r -> r.of(reason));
        }
        gauge("http.in.flight", "Bounded HTTP requests in flight now: API queries and locate waits",
                Tags.of("kind", "api_query"), queries, Slots::inFlight);
        gauge("http.in.flight", "Bounded HTTP requests in flight now: API queries and locate waits",
                Tags.of("kind", "locate_wait"), locateWaits, Slots::inFlight);
    }

    /** Series of the node's session events (metering), when {@code EVENTS_WEBHOOK_URL} is set. */
    public void countEvents(EventCounts events) {
        counter("rtmp.events.sent", "Session events the receiver answered", Tags.empty(), events,
                EventCounts::sent);
        counter("rtmp.events.failed", "Session events the receiver refused for good (4xx to a start or stop)",
                Tags.empty(), events, EventCounts::failed);
        counter("rtmp.events.retried", "Session event attempts unanswered or answered 5xx, sent again later",
                Tags.empty(), events, EventCounts::retried);
        counter("rtmp.events.dropped", "Session events dropped because the queue was full (EVENTS_QUEUE_MAX)",
                Tags.empty(), events, EventCounts::dropped);
        gauge("rtmp.events.queued", "Session events waiting for delivery now", Tags.empty(), events,
                EventCounts::queued);
    }

    /** Stops the GC listener (the other binders hold nothing). */
    public void close() {
        gc.close();
        registry.close();
    }
}
