package org.rtmpcluster.server;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.rtmpcluster.auth.Authorizer;
import org.rtmpcluster.client.RtmpClient;
import org.rtmpcluster.rtmp.net.ConnectionOptions;
import org.rtmpcluster.testing.TestNode;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a client hears back for commands that are refused, unknown or not meant for live streams. */
@ExtendWith(VertxExtension.class)
class CommandRepliesTest {
    private static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static io.vertx.core.Future<RtmpClient> connect(Vertx vertx, String app) {
        return RtmpClient.connect(vertx, "127.0.0.1", node.port(), app, ConnectionOptions.DEFAULT);
    }

    @Test
    void connectToAnInvalidAppIsRejected(Vertx vertx, VertxTestContext test) {
        connect(vertx, "../etc").onComplete(test.failing(e -> test.verify(() -> {
            assertTrue(e.getMessage().contains("NetConnection.Connect.Rejected"), e.getMessage());
            test.completeNow();
        })));
    }

    @Test
    void unknownCommandGetsAnErrorNotSilence(Vertx vertx, VertxTestContext test) {
        connect(vertx, "live").compose(c -> c.call("noSuchMethod", "x")).onComplete(test.failing(e ->
                test.verify(() -> {
                    assertEquals("_error NetConnection.Call.Failed", e.getMessage());
                    test.completeNow();
                })));
    }

    @Test
    void getStreamLengthAndReleaseStreamAreAnswered(Vertx vertx, VertxTestContext test) {
        connect(vertx, "live").compose(c -> c.call("releaseStream", "cam").compose(r -> c.call("getStreamLength", "cam")))
                .onComplete(test.succeeding(result -> test.verify(() -> {
                    assertEquals("_result", result.name());
                    assertEquals(0.0, result.arg(0));
                    test.completeNow();
                })));
    }

    @Test
    void publishOfAnInvalidNameIsBadName(Vertx vertx, VertxTestContext test) {
        connect(vertx, "live").compose(c -> c.publish("bad name with spaces")).onComplete(test.failing(e ->
                test.verify(() -> {
                    assertEquals("NetStream.Publish.BadName", e.getMessage());
                    test.completeNow();
                })));
    }

    @Test
    void streamNamesLongerThanTheConfiguredLimitAreBadName(Vertx vertx, VertxTestContext test) {
        String limit = "x".repeat(ConnectionOptions.DEFAULT.maxNameLength());
        connect(vertx, "live").compose(c -> c.publish(limit + "x")).onComplete(test.failing(e -> test.verify(() -> {
            assertEquals("NetStream.Publish.BadName", e.getMessage());
            connect(vertx, "live").compose(c -> c.publish(limit)).onComplete(test.succeedingThenComplete());
        })));
    }

    @Test
    void aRoleThatCannotServeAPublishOrPlaySaysSoInsteadOfLeavingTheClientWaiting(Vertx vertx,
                                                                                  VertxTestContext test) {
        StreamHost unavailable = new StreamHost() {
            @Override
            public io.vertx.core.Future<org.rtmpcluster.media.Publication> publish(
                    org.rtmpcluster.media.StreamKey key, String publisher, boolean takeOver) {
                return io.vertx.core.Future.failedFuture("no origin available");
            }

            @Override
            public PlayLease play(org.rtmpcluster.media.StreamKey key) {
                return PlayLease.of(io.vertx.core.Future.failedFuture("cluster registry unavailable"));
            }
        };
        var options = org.rtmpcluster.node.NodeConfig.parse("test", new String[] {"--rtmp-port",
                String.valueOf(TestNode.freePort()), "--bind-host", "127.0.0.1", "--instances", "1"}, java.util.Map.of());
        org.rtmpcluster.node.Node failing = TestNode.await(org.rtmpcluster.node.Node.startStandalone(options,
                n -> () -> new RtmpServerVerticle(n, unavailable, Authorizer.ALLOW_ALL)));
        int port = options.rtmpPort();
        RtmpClient.connect(vertx, "127.0.0.1", port, "live", ConnectionOptions.DEFAULT)
                .compose(c -> c.publish("cam").transform(ar -> io.vertx.core.Future.succeededFuture(ar.cause())))
                .compose(publishError -> RtmpClient.connect(vertx, "127.0.0.1", port, "live", ConnectionOptions.DEFAULT)
                        .compose(c -> c.play("cam").transform(ar -> io.vertx.core.Future.succeededFuture(
                                List.of(publishError.getMessage(), ar.cause().getMessage())))))
                .onComplete(test.succeeding(codes -> test.verify(() -> {
                    assertEquals(List.of("NetStream.Failed", "NetStream.Play.Failed"), codes);
                    failing.stop().onComplete(v -> test.completeNow());
                })));
    }

    @Test
    void seekAndPlay2AreRefusedForLiveStreams(Vertx vertx, VertxTestContext test) {
        List<String> codes = new ArrayList<>();
        connect(vertx, "live").compose(publisher -> publisher.publish("seekable").map(publisher))
                .compose(publisher -> connect(vertx, "live"))
                .compose(player -> {
                    player.statusHandler(code -> {
                        codes.add(code);
                        if (codes.contains("NetStream.Seek.Failed") && codes.contains("NetStream.Play.Failed")) {
                            test.verify(() -> assertTrue(codes.indexOf("NetStream.Play.Start") >= 0, codes.toString()));
                            test.completeNow();
                        }
                    });
                    return player.play("seekable").onSuccess(v -> {
                        player.streamCommand("seek", 1000.0);
                        player.streamCommand("play2", java.util.Map.of("streamName", "seekable"));
                    });
                })
                .onFailure(test::failNow);
    }
}
