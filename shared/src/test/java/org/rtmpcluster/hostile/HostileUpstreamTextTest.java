package org.rtmpcluster.hostile;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtmpcluster.client.RtmpClient;
import org.rtmpcluster.rtmp.net.ConnectionOptions;
import org.rtmpcluster.rtmp.net.PeerText;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An edge treats its upstream as untrusted: the status text a server sends reaches our error messages and log
 * lines only as one line of bounded length, whatever the server put in it.
 */
@Timeout(30)
class HostileUpstreamTextTest {
    private static final String FORGED = "\r\n00:00:00.000 INFO [org.rtmpcluster.edge.UpstreamPull] pulling forged";
    private Vertx vertx;
    private ServerSocket server;

    @BeforeEach
    void start() throws IOException {
        vertx = Vertx.vertx();
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aRefusalWithLineBreaksAndAHundredKilobytesOfCodeBecomesOneShortLine() throws Exception {
        Thread upstream = new Thread(() -> refuseConnect("NetConnection.Connect.Rejected" + FORGED
                + "x".repeat(100_000)), "hostile-upstream");
        upstream.start();
        Promise<RtmpClient> connected = Promise.promise();
        vertx.runOnContext(v -> RtmpClient.connect(vertx, "127.0.0.1", server.getLocalPort(), "live",
                ConnectionOptions.DEFAULT).onComplete(connected));
        Throwable failure = connected.future().toCompletionStage().toCompletableFuture()
                .handle((client, e) -> e).get(20, TimeUnit.SECONDS);
        upstream.join(5_000);
        String message = String.valueOf(failure.getMessage());
        assertTrue(message.startsWith("connect refused: NetConnection.Connect.Rejected"), message);
        assertFalse(message.contains("\n") || message.contains("\r"), "the upstream's text split the line: " + message);
        assertTrue(message.length() < 2 * PeerText.MAX_CHARS, "the message is " + message.length() + " characters");
    }

    /** A plain handshake, then an {@code _error} answer to connect with {@code code}. */
    private void refuseConnect(String code) {
        try (Socket socket = server.accept()) {
            RawPeer.acceptHandshake(socket);
            socket.getOutputStream().write(Chunks.command(0, "_error", 1.0, null,
                    Map.of("level", "error", "code", code)));
            socket.getInputStream().transferTo(java.io.OutputStream.nullOutputStream()); // until the client hangs up
        } catch (IOException e) {
            // the client hung up
        }
    }
}
