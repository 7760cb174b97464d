package org.rtmpcluster.hostile;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtmpcluster.client.RtmpClient;
import org.rtmpcluster.rtmp.net.ConnectionOptions;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client side of the same bound as {@link NonReadingPeerTest}: an edge's upstream (or an ingest forward) whose
 * server floods it with pings and never reads the answers is closed by our client, with the reason, instead of
 * queueing answers without end.
 */
@Timeout(90)
class NonReadingServerTest {
    private static final int PING_REQUEST = 6;
    private Vertx vertx;
    private ServerSocket server;
    private Thread serverThread;

    @BeforeEach
    void start() throws IOException {
        vertx = Vertx.vertx();
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        server.setReceiveBufferSize(4096);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        if (serverThread != null) {
            serverThread.interrupt();
            serverThread.join(5_000);
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void upstreamThatSendsPingsAndNeverReadsIsClosedByTheClient() throws Exception {
        serverThread = new Thread(this::pingFloodAfterHandshake, "hostile-upstream");
        serverThread.start();
        Promise<RtmpClient> connected = Promise.promise();
        vertx.runOnContext(v -> RtmpClient.connect(vertx, "127.0.0.1", server.getLocalPort(), "live",
                ConnectionOptions.DEFAULT).onComplete(connected));
        Future<RtmpClient> result = connected.future();
        Throwable failure = result.toCompletionStage().toCompletableFuture()
                .handle((client, e) -> e).get(50, TimeUnit.SECONDS); // the kernel buffers fill first: slow when loaded
        assertTrue(failure != null && String.valueOf(failure.getMessage()).contains("peer is not reading"),
                "the client gave up on the upstream for not reading: " + failure);
    }

    /** A plain server handshake (S2 echoes C1), then ping requests until the client hangs up. Never reads again. */
    private void pingFloodAfterHandshake() {
        try (Socket socket = server.accept()) {
            RawPeer.acceptHandshake(socket); // from here on nothing is read
            OutputStream out = socket.getOutputStream();
            byte[] ping = Chunks.message(Chunks.PROTOCOL_CONTROL_CHUNK_STREAM, Chunks.TYPE_USER_CONTROL, 0,
                    new byte[] {0, PING_REQUEST, 0, 0, 0, 1});
            byte[] burst = new byte[ping.length * 2048];
            for (int i = 0; i < 2048; i++) {
                System.arraycopy(ping, 0, burst, i * ping.length, ping.length);
            }
            while (!Thread.currentThread().isInterrupted()) {
                out.write(burst);
            }
        } catch (IOException e) {
            // the client hung up, or the test closed the server socket
        }
    }
}
