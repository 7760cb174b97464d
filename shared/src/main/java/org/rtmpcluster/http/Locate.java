package org.rtmpcluster.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.rtmpcluster.cluster.Cluster;
import org.rtmpcluster.cluster.NodeRecord;
import org.rtmpcluster.cluster.StreamRecord;
import org.rtmpcluster.media.StreamKey;
import org.rtmpcluster.routing.EdgeChooser;
import org.rtmpcluster.routing.RecentAssignments;
import org.rtmpcluster.routing.RoutingOptions;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code GET /api/v1/locate?stream=app/name}: the edge a player should use ({@link EdgeChooser}), for players and
 * pages that cannot follow RTMP redirects (ffmpeg, librtmp, most players). The client's zone comes from
 * {@code zone=}, else the balancer's header ({@code ZONE_HEADER}), else {@code ZONE_CIDRS}, else this node's
 * zone. Only the chosen zone's edges are asked whether they carry the stream, each with the figures timeout, and
 * their answer serves the locates of that stream for {@link #CARRIERS_MILLIS}: a crowd joining one stream asks them
 * a few times a second, not once per player. {@code wait=ms} waits (up to 30 s) for a stream that is not live yet;
 * {@code format=url} answers the bare URL. Waits are bounded: {@code LOCATE_MAX_WAITS} at once (503 past them),
 * each shorter than the HTTP idle timeout, which would otherwise close the connection under it.
 */
final class Locate {
    static final long MAX_WAIT_MILLIS = 30_000;
    private static final long POLL_MILLIS = 200;
    private static final int MAX_ZONE_LENGTH = 64;
    /** How much sooner than the HTTP idle timeout a wait ends, for its answer to be written in time. */
    static final long IDLE_MARGIN_MILLIS = 1000;
    /** How long the edges' answer to "do you carry this stream" stands (the registry's loads are older still). */
    static final long CARRIERS_MILLIS = 500;
    /** Streams whose answers are kept; the least recently located go first. */
    private static final int MAX_CARRIER_ANSWERS = 4096;

    private final Vertx vertx;
    private final Cluster cluster;
    private final FigureQuery figures;
    private final RoutingOptions routing;
    private final String ownZone;
    private final EdgeChooser chooser;
    private final Slots waits;
    private final long maxWaitMillis;
    /** The players this node sent that the registry's loads do not show yet. */
    private final RecentAssignments recentlySent = new RecentAssignments();
    private final Map<StreamKey, Carriers> recentCarriers = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<StreamKey, Carriers> eldest) {
            return size() > MAX_CARRIER_ANSWERS;
        }
    };

    /** Which of the {@code asked} edges said they carry a stream, and when. */
    private record Carriers(List<String> asked, Set<String> carriers, long atNanos) {
    }

    /**
     * @param waits             the slots of requests that wait for their stream
     * @param idleTimeoutMillis the HTTP server's idle timeout: a wait ends {@link #IDLE_MARGIN_MILLIS} before it
     */
    Locate(Vertx vertx, Cluster cluster, FigureQuery figures, RoutingOptions routing, String ownZone, Slots waits,
           long idleTimeoutMillis) {
        this.vertx = vertx;
        this.cluster = cluster;
        this.figures = figures;
        this.routing = routing;
        this.ownZone = ownZone;
        this.chooser = new EdgeChooser(routing.zoneOrder());
        this.waits = waits;
        this.maxWaitMillis = Math.max(0, Math.min(MAX_WAIT_MILLIS, idleTimeoutMillis - IDLE_MARGIN_MILLIS));
    }

    void handle(RoutingContext ctx) {
        StreamKey key = streamKey(ctx.queryParams().get("stream"));
        long waitMillis = Math.min(waitMillis(ctx.queryParams().get("wait")), maxWaitMillis);
        String clientZone = clientZone(ctx);
        boolean bareUrl = "url".equals(ctx.queryParams().get("format"));
        long deadlineNanos = System.nanoTime() + waitMillis * 1_000_000;
        Future<StreamRecord> found = waitMillis == 0 ? live(key, deadlineNanos)
                : waits.run(() -> live(key, deadlineNanos));
        found.compose(record -> {
            if (record == null) {
                return Future.failedFuture(new NotFound("stream " + key + " is not live"));
            }
            return choose(key, record, clientZone);
        }).onSuccess(choice -> {
            String url = "rtmp://" + choice.node().clientAddress() + "/" + key.app() + "/" + key.name();
            if (bareUrl) {
                ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8").putHeader("Cache-Control",
                        "no-store").end(url + "\n");
            } else {
                Json.send(ctx, 200, new JsonObject().put("url", url).put("nodeId", choice.node().nodeId())
                        .put("role", choice.node().role()).put("zone", choice.node().zone())
                        .put("reason", choice.reason().label()).put("clientZone", clientZone));
            }
        }).onFailure(ctx::fail);
    }

    private Future<EdgeChooser.Choice> choose(StreamKey key, StreamRecord record, String clientZone) {
        Set<String> members = cluster.members();
        return cluster.nodes().recentNodes().compose(all -> {
            List<NodeRecord> registered = all.stream().filter(n -> members.contains(n.nodeId())).toList();
            long now = System.nanoTime() / 1_000_000;
            List<NodeRecord> nodes = recentlySent.adjust(registered, now);
            NodeRecord origin = nodes.stream().filter(n -> n.nodeId().equals(record.nodeId())).findFirst()
                    .orElse(null);
            List<String> asked = chooser.candidates(clientZone, nodes).stream().map(NodeRecord::nodeId).toList();
            return carriers(key, asked).map(carriers -> {
                EdgeChooser.Choice choice = chooser.choose(clientZone, nodes, carriers, origin)
                        .orElseThrow(() -> new Unavailable("no ready node can serve " + key));
                registered.stream().filter(n -> n.nodeId().equals(choice.node().nodeId())).findFirst()
                        .ifPresent(n -> recentlySent.sent(n, now));
                return choice;
            });
        });
    }

    /** The {@code asked} edges that carry {@code key}: their answer of a moment ago, or asked now. */
    private Future<Set<String>> carriers(StreamKey key, List<String> asked) {
        long now = System.nanoTime();
        synchronized (recentCarriers) {
            Carriers recent = recentCarriers.get(key);
            if (recent != null && recent.asked.equals(asked)
                    && now - recent.atNanos < TimeUnit.MILLISECONDS.toNanos(CARRIERS_MILLIS)) {
                return Future.succeededFuture(recent.carriers);
            }
        }
        JsonObject request = new JsonObject().put(LocalFigures.STREAMS, new JsonArray().add(key.toString()));
        return figures.ask(asked, request).map(answers -> {
            Set<String> carriers = answers.entrySet().stream()
                    .filter(e -> e.getValue().getJsonObject(LocalFigures.STREAMS, new JsonObject())
                            .containsKey(key.toString()))
                    .map(Map.Entry::getKey).collect(Collectors.toUnmodifiableSet());
            synchronized (recentCarriers) {
                recentCarriers.put(key, new Carriers(asked, carriers, now));
            }
            return carriers;
        });
    }

    /** The stream's live record, polling the registry until {@code deadlineNanos}; null when it is not live. */
    private Future<StreamRecord> live(StreamKey key, long deadlineNanos) {
        return cluster.streams().lookup(key).compose(record -> {
            long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
            if (record != null || left <= 0) {
                return Future.succeededFuture(record);
            }
            Promise<Void> later = Promise.promise();
            vertx.setTimer(Math.min(POLL_MILLIS, left), id -> later.complete());
            return later.future().compose(v -> live(key, deadlineNanos));
        });
    }

    private String clientZone(RoutingContext ctx) {
        String asked = ctx.queryParams().get("zone");
        if (asked != null) {
            return zone(asked, "zone");
        }
        String header = ctx.request().getHeader(routing.zoneHeader());
        if (header != null && !header.isBlank()) {
            return zone(header.trim(), routing.zoneHeader());
        }
        var from = ctx.request().remoteAddress();
        String byAddress = from == null ? null : routing.cidrs().zoneOf(from.hostAddress());
        return byAddress != null ? byAddress : ownZone;
    }

    private static String zone(String value, String from) {
        if (value.length() > MAX_ZONE_LENGTH || !value.chars().allMatch(c -> Character.isLetterOrDigit(c)
                || c == '-' || c == '_' || c == '.')) {
            throw new IllegalArgumentException("invalid zone in " + from + ": '" + Json.quote(value) + "'");
        }
        return value;
    }

    private static StreamKey streamKey(String stream) {
        if (!StreamKey.isValidKey(stream)) {
            throw new IllegalArgumentException("expected stream=app/name, got '" + Json.quote(String.valueOf(stream))
                    + "'");
        }
        return StreamKey.parse(stream);
    }

    private static long waitMillis(String wait) {
        if (wait == null) {
            return 0;
        }
        try {
            long millis = Long.parseLong(wait);
            if (millis >= 0 && millis <= MAX_WAIT_MILLIS) {
                return millis;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("expected wait=0.." + MAX_WAIT_MILLIS + " (ms), got '" + Json.quote(wait)
                + "'");
    }

    /** A 404: the stream is not live (after the wait). */
    static final class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message, null, false, false);
        }
    }

    /** A 503: no node can take the player. */
    static final class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message, null, false, false);
        }
    }
}
