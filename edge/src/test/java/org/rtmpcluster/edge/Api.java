package org.rtmpcluster.edge;

import io.vertx.core.json.JsonObject;
import org.rtmpcluster.node.Node;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A node's HTTP API asked as an operator's client would, for tests: the status and the body of each answer. */
final class Api {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Api() {
    }

    record Answer(int status, String body, java.util.Map<String, java.util.List<String>> headers) {
        Answer(int status, String body) {
            this(status, body, java.util.Map.of());
        }

        JsonObject json() {
            return new JsonObject(body);
        }

        /** The first value of header {@code name} (any case), or null. */
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    /** The header pair that carries {@code token} as a bearer token. */
    static String[] bearer(String token) {
        return new String[] {"Authorization", "Bearer " + token};
    }

    /** GET {@code path} of {@code node}, with {@code headers} as name, value pairs. */
    static Answer get(Node node, String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(node, path)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    /** POST {@code path} of {@code node} with no body, with {@code headers} as name, value pairs. */
    static Answer post(Node node, String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(node, path)).POST(HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    private static URI uri(Node node, String path) {
        return URI.create("http://127.0.0.1:" + TestCluster.httpPort(node) + path);
    }

    private static Answer send(HttpRequest.Builder builder) {
        HttpRequest request = builder.timeout(Duration.ofSeconds(10)).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), response.headers().map());
        } catch (IOException e) {
            throw new AssertionError(request.method() + " " + request.uri().getPath() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + request.method() + " " + request.uri().getPath());
        }
    }
}
