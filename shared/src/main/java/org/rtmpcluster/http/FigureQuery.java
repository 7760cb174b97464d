package org.rtmpcluster.http;

import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.rtmpcluster.cluster.FigureSeal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Asks nodes for their {@link LocalFigures}, all at once, each with the same short timeout: a node that does not
 * answer in time (dead, paused, partitioned) is left out of the answer, and never holds it back past the timeout.
 * An answer whose seal does not open ({@link FigureSeal}: a stranger answering on a node's address) is left out too.
 */
final class FigureQuery {
    /** Long enough for a busy node on a LAN, short enough for a dashboard that polls every second. */
    static final long ANSWER_TIMEOUT_MILLIS = 500;

    private final EventBus bus;
    private final long timeoutMillis;
    private final FigureSeal seal;
    private final java.security.SecureRandom nonces = new java.security.SecureRandom();

    FigureQuery(EventBus bus, long timeoutMillis, FigureSeal seal) {
        this.bus = bus;
        this.timeoutMillis = timeoutMillis;
        this.seal = seal;
    }

    /** The answers by node id; a node that did not answer in time has no entry. Never fails. */
    Future<Map<String, JsonObject>> ask(Collection<String> nodeIds, JsonObject request) {
        DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeoutMillis);
        List<String> ids = List.copyOf(nodeIds);
        List<Future<JsonObject>> answers = new ArrayList<>(ids.size());
        for (String id : ids) {
            String nonce = Long.toUnsignedString(nonces.nextLong(), 36);
            answers.add(bus.<Object>request(LocalFigures.address(id), request.copy().put(LocalFigures.NONCE, nonce),
                    options).map(m -> opened(id, nonce, m)).otherwiseEmpty());
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

    /** The answer, when it is JSON text whose seal opens for this node and nonce; null otherwise (left out). */
    private JsonObject opened(String nodeId, String nonce, Message<Object> m) {
        if (!(m.body() instanceof String text) || !seal.opens(nodeId, nonce, text, m.headers().get(FigureSeal.HEADER))) {
            return null;
        }
        try {
            return new JsonObject(text);
        } catch (DecodeException e) {
            return null;
        }
    }
}
