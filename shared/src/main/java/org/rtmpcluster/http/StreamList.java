package org.rtmpcluster.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.rtmpcluster.cluster.NodeRecord;
import org.rtmpcluster.cluster.NodeRegistry;
import org.rtmpcluster.cluster.StreamRecord;
import org.rtmpcluster.cluster.StreamRegistry;
import org.rtmpcluster.media.StreamKey;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/streams} and {@code /api/v1/streams/{app}/{name}}: live streams from the registry (which
 * origin holds each, its epoch and start), with what only the nodes know, asked for just the page's keys: the
 * origin's bytes in and codecs, and the players on each node that carries the stream ({@code carriedBy}: the origin
 * and every edge pulling it). No cluster total: a node's players include the pulls of the edges below it. Nodes
 * that did not answer in time are named in {@code unknownNodes}: they may carry the stream too.
 */
final class StreamList {
    private final StreamRegistry streams;
    private final NodeRegistry nodes;
    private final FigureQuery figures;

    StreamList(StreamRegistry streams, NodeRegistry nodes, FigureQuery figures) {
        this.streams = streams;
        this.nodes = nodes;
        this.figures = figures;
    }

    Future<JsonObject> page(Paging paging) {
        return streams.livePage(paging.page(), paging.itemsPerPage())
                .compose(page -> describe(page.items()).map(items -> paging.answer(page.itemCount(), items)));
    }

    /** The stream, or null when it is not live. */
    Future<JsonObject> one(StreamKey key) {
        return streams.lookup(key).compose(record -> record == null ? Future.succeededFuture(null)
                : describe(List.of(record)).map(items -> items.getJsonObject(0)));
    }

    private Future<JsonArray> describe(List<StreamRecord> records) {
        if (records.isEmpty()) {
            return Future.succeededFuture(new JsonArray());
        }
        JsonObject request = new JsonObject().put(LocalFigures.STREAMS,
                new JsonArray(records.stream().map(StreamRecord::key).toList()));
        return nodes.recentNodes().compose(all -> {
            List<NodeRecord> sorted = all.stream().sorted(Comparator.comparing(NodeRecord::nodeId)).toList();
            return figures.ask(sorted.stream().map(NodeRecord::nodeId).toList(), request).map(answers -> {
                JsonArray unknown = new JsonArray(sorted.stream().map(NodeRecord::nodeId)
                        .filter(id -> !answers.containsKey(id)).toList());
                JsonArray items = new JsonArray();
                records.forEach(r -> items.add(item(r, sorted, answers, unknown)));
                return items;
            });
        });
    }

    private static JsonObject item(StreamRecord r, List<NodeRecord> nodes, Map<String, JsonObject> answers,
                                   JsonArray unknown) {
        JsonObject atOrigin = figuresOf(answers.get(r.nodeId()), r.key());
        JsonArray carriedBy = new JsonArray();
        // The origin first, then the edges by id.
        for (NodeRecord n : nodes.stream().sorted(Comparator.comparing(n -> !n.nodeId().equals(r.nodeId()))).toList()) {
            JsonObject here = figuresOf(answers.get(n.nodeId()), r.key());
            if (here != null) {
                carriedBy.add(new JsonObject().put("nodeId", n.nodeId()).put("role", n.role())
                        .put("players", here.getInteger("players", 0)));
            }
        }
        StreamKey key = StreamKey.parse(r.key());
        return new JsonObject().put("key", r.key()).put("app", key.app()).put("name", key.name())
                .put("origin", new JsonObject().put("nodeId", r.nodeId()).put("rtmpAddress", r.rtmpAddress()))
                .put("epoch", r.epoch()).put("startedAt", Json.time(r.startedAt()))
                .put("codecs", new JsonObject().put("video", atOrigin == null ? null : atOrigin.getString("video"))
                        .put("audio", atOrigin == null ? null : atOrigin.getString("audio")))
                .put("bytesIn", atOrigin == null ? null : atOrigin.getLong("bytesIn"))
                .put("carriedBy", carriedBy).put("unknownNodes", unknown);
    }

    private static JsonObject figuresOf(JsonObject answer, String key) {
        return answer == null ? null : answer.getJsonObject(LocalFigures.STREAMS, new JsonObject()).getJsonObject(key);
    }
}
