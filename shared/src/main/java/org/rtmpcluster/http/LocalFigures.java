package org.rtmpcluster.http;

import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.eventbus.DeliveryOptions;
import org.rtmpcluster.cluster.FigureSeal;
import org.rtmpcluster.media.Codecs;
import org.rtmpcluster.media.MediaStream;
import org.rtmpcluster.media.StreamKey;
import org.rtmpcluster.media.StreamTable;
import org.rtmpcluster.rtmp.net.Traffic;
import org.rtmpcluster.server.NodeStats;

/**
 * This node's fast-changing figures, answered over the clustered event bus to whichever node's API asks: the node's
 * counters, and players, bytes in and codecs of the streams asked for that this node carries. They live here and
 * not in the registry so that registry traffic does not grow with players and bytes. The handler only reads
 * counters and looks keys up: event-bus handlers must stay short (vertx-hazelcast 5.0.7 runs subscription clean-up
 * blocking on Hazelcast's threads). Answers are JSON text sealed for the asker's nonce ({@link FigureSeal}), so that a
 * stranger answering in this node's place is not believed.
 */
public final class LocalFigures {
    /** The request's field: stream keys ("app/name") whose figures the asker wants. */
    static final String STREAMS = "streams";
    /** The request's field: a one-time value the answer's seal covers. */
    static final String NONCE = "nonce";

    private final NodeStats stats;
    private final StreamTable streams;
    private final FigureSeal seal;
    private MessageConsumer<JsonObject> consumer;
    private String nodeId;

    public LocalFigures(NodeStats stats, StreamTable streams, FigureSeal seal) {
        this.stats = stats;
        this.streams = streams;
        this.seal = seal;
    }

    /** The address a node answers on: one per node id. */
    public static String address(String nodeId) {
        return "rtmp.node." + nodeId + ".figures";
    }

    /** Starts answering; the future completes once the cluster knows the address. */
    public Future<Void> register(EventBus bus, String nodeId) {
        this.nodeId = nodeId;
        consumer = bus.consumer(address(nodeId), this::answer);
        return consumer.completion();
    }

    /** Stops answering (askers then list the node as unknown). */
    public Future<Void> unregister() {
        return consumer == null ? Future.succeededFuture() : consumer.unregister();
    }

    private void answer(Message<JsonObject> request) {
        JsonObject asked = request.body() == null ? new JsonObject() : request.body();
        JsonObject perStream = new JsonObject();
        JsonArray keys = asked.getJsonArray(STREAMS, new JsonArray());
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.getString(i);
            MediaStream stream = find(key);
            if (stream != null) {
                perStream.put(key, figures(stream));
            }
        }
        String answer = new JsonObject().put("node", node()).put(STREAMS, perStream).encode();
        request.reply(answer, new DeliveryOptions().addHeader(FigureSeal.HEADER,
                seal.seal(nodeId, asked.getString(NONCE, ""), answer)));
    }

    private MediaStream find(String key) {
        return StreamKey.isValidKey(key) ? streams.find(StreamKey.parse(key)) : null;
    }

    private JsonObject node() {
        Traffic traffic = stats.traffic();
        return new JsonObject().put("publishers", stats.publishers()).put("players", stats.players())
                .put("upstreamPulls", stats.upstreamPulls()).put("connections", stats.connections())
                .put("bytesIn", traffic.bytesIn()).put("bytesOut", traffic.bytesOut());
    }

    private static JsonObject figures(MediaStream stream) {
        Codecs codecs = stream.codecs();
        return new JsonObject().put("players", stream.stats().players()).put("bytesIn", stream.stats().bytesIn())
                .put("video", codecs.video()).put("audio", codecs.audio());
    }
}
