package org.rtmpcluster.http;

import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Asks nodes for their {@link LocalFigures}, all at once, each with the same short timeout: a node that does not
 * answer in time (dead, paused, partitioned) is left out of the answer, and never holds it back past the timeout.
 */
final class FigureQuery {
    /** Long enough for a busy node on a LAN, short enough for a dashboard that polls every second. */
    static final long ANSWER_TIMEOUT_MILLIS = 500;

    private final EventBus bus;
    private final long timeoutMillis;

    FigureQuery(EventBus bus, long timeoutMillis) {
        this.bus = bus;
        this.timeoutMillis = timeoutMillis;
    }

    /** The answers by node id; a node that did not answer in time has no entry. Never fails. */
    Future<Map<String, JsonObject>> ask(Collection<String> nodeIds, JsonObject request) {
        DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeoutMillis);
        List<String> ids = List.copyOf(nodeIds);
        List<Future<JsonObject>> answers = new ArrayList<>(ids.size());
        for (String id : ids) {
            answers.add(bus.<JsonObject>request(LocalFigures.address(id), request, options)
                    .map(Message::body).otherwiseEmpty());
        }
        return Future.join(answers).transform(ignored -> {
            Map<String, JsonObject> byNode = new HashMap<>();
            for (int i = 0; i < ids.size(); i++) {
                JsonObject answer = answers.get(i).result();
                if (answer != null) {
                    byNode.put(ids.get(i), answer);
                }
            }
            return Future.succeededFuture(byNode);
        });
    }
}
