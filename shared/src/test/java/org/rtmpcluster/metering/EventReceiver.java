package org.rtmpcluster.metering;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import org.rtmpcluster.auth.BodySignature;
import org.rtmpcluster.testing.TestNode;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * An operator's session events receiver, for tests: a Vert.x HTTP server that verifies each body's signature,
 * records the event, and answers what {@link #answer} says (200 unless told). It can go down (stop listening, so
 * connections are refused) and come back on the same port.
 */
final class EventReceiver implements AutoCloseable {
    static final String SECRET = "events-test-secret";

    private final Vertx vertx = Vertx.vertx();
    private final int port = TestNode.freePort();
    private final BodySignature signature = new BodySignature(SECRET);
    private final List<JsonObject> events = new ArrayList<>();
    private final List<String> badSignatures = new ArrayList<>();
    private volatile Function<JsonObject, Integer> answer = e -> 200;
    private HttpServer server;

    private EventReceiver() {
    }

    static EventReceiver start() {
        EventReceiver r = new EventReceiver();
        r.up();
        return r;
    }

    /** Listening again, on the same port. */
    void up() {
        server = TestNode.await(vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            if (!signature.header(body).equals(request.getHeader(BodySignature.HEADER))) {
                synchronized (this) {
                    badSignatures.add(body.toString());
                }
            }
            JsonObject event = body.toJsonObject();
            synchronized (this) {
                events.add(event);
            }
            request.response().setStatusCode(answer.apply(event)).end();
        })).listen(port, "127.0.0.1"));
    }

    /** Not listening: the node's requests are refused, as by a receiver that is down. */
    void down() {
        TestNode.await(server.close());
    }

    void answer(Function<JsonObject, Integer> answer) {
        this.answer = answer;
    }

    String url() {
        return "http://127.0.0.1:" + port + "/events";
    }

    /** Flags for a node that reports here, signed, with an update every second. */
    List<String> flags() {
        return List.of("--events-webhook-url", url(), "--events-webhook-secret", SECRET, "--events-update-s", "1");
    }

    synchronized List<JsonObject> events() {
        return List.copyOf(events);
    }

    synchronized List<JsonObject> events(Predicate<JsonObject> which) {
        return events.stream().filter(which).toList();
    }

    synchronized List<String> badSignatures() {
        return List.copyOf(badSignatures);
    }

    static Predicate<JsonObject> type(String type) {
        return e -> type.equals(e.getString("event"));
    }

    static Predicate<JsonObject> type(String type, String action) {
        return e -> type.equals(e.getString("event")) && action.equals(e.getString("action"));
    }

    @Override
    public void close() {
        TestNode.await(vertx.close());
    }
}
