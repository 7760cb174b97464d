package org.rtmpcluster.auth;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import org.rtmpcluster.testing.TestNode;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An identity provider's key endpoint for tests: serves {@code /jwks} from a document the test swaps, counts the
 * requests, and can answer with an error or hold its answer until the test releases it.
 */
final class JwksServer implements AutoCloseable {
    private final HttpServer server;
    private final AtomicReference<String> document = new AtomicReference<>("{\"keys\":[]}");
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicReference<Promise<Void>> hold = new AtomicReference<>();

    private JwksServer(HttpServer server) {
        this.server = server;
    }

    static JwksServer start(Vertx vertx, JsonObject jwks) {
        JwksServer[] self = new JwksServer[1];
        HttpServer server = vertx.createHttpServer().requestHandler(request -> self[0].answer(request));
        self[0] = new JwksServer(server);
        self[0].serve(jwks);
        TestNode.await(server.listen(0, "127.0.0.1"));
        return self[0];
    }

    private void answer(io.vertx.core.http.HttpServerRequest request) {
        requests.incrementAndGet();
        Promise<Void> held = hold.get();
        Future<Void> go = held == null ? Future.succeededFuture() : held.future();
        String body = document.get();
        int code = status.get();
        go.onComplete(v -> request.response().setStatusCode(code).putHeader("Content-Type", "application/json")
                .end(body));
    }

    String url() {
        return "http://127.0.0.1:" + server.actualPort() + "/jwks";
    }

    void serve(JsonObject jwks) {
        document.set(jwks.encode());
    }

    void serveRaw(String body) {
        document.set(body);
    }

    void answerWith(int code) {
        status.set(code);
    }

    /** Answers wait until the returned promise completes. */
    Promise<Void> holdAnswers() {
        Promise<Void> p = Promise.promise();
        hold.set(p);
        return p;
    }

    int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        TestNode.await(server.close());
    }
}
