package org.rtmpcluster.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtmpcluster.auth.AuthKeys;
import org.rtmpcluster.auth.SignedToken;
import org.rtmpcluster.testing.Await;
import org.rtmpcluster.testing.SyntheticMedia;
import org.rtmpcluster.testing.TestNode;
import org.rtmpcluster.testing.TestPlayer;
import org.rtmpcluster.testing.TestPublisher;

/** What an authorization means for a session once it is granted: takeover, and an end in time. */
class AuthorizedSessionTest {
    private static final String KEYS = "k1:0123456789abcdef-secret";
    private Vertx clients;

    @BeforeEach
    void start() {
        clients = Vertx.vertx();
    }

    @AfterEach
    void stop() {
        TestNode.await(clients.close());
    }

    /**
     * An encoder restarted after its old connection died silently: with credentials for the key it replaces the
     * stale publisher at once; without (loopback), it waits for PUBLISHER_TAKEOVER_MS of silence.
     */
    @Test
    @Timeout(30)
    void aPublisherWithCredentialsForTheKeyReplacesTheCurrentOneAtOnce() {
        try (TestNode node = TestNode.start("--auth-keys", KEYS, "--auth-publish", "loopback,token",
                "--publisher-takeover-ms", "60000")) {
            TestPublisher first = TestPublisher.connect(clients, node.port(), "live").publish("cam");
            first.send(List.of(SyntheticMedia.metadata(0)));
            try (TestPublisher second = TestPublisher.connect(clients, node.port(), "live")) {
                assertEquals("NetStream.Publish.BadName", second.tryPublish("cam"),
                        "loopback is no credential for the key: the first publisher keeps it");
            }
            try (TestPublisher third = TestPublisher.connect(clients, node.port(), "live?" + token("publish", 600))) {
                assertNull(third.tryPublish("cam"), "a token for the key takes over at once");
                Await.until(() -> "the replaced publisher's connection closed", first::isClosed);
            }
        }
    }

    @Test
    @Timeout(30)
    void aPlayEndsWhenItsTokenExpiresIfTheOperatorAsks() {
        try (TestNode node = TestNode.start("--auth-keys", KEYS, "--auth-play", "token", "--auth-cut-at-expiry", "on");
                TestPublisher publisher = TestPublisher.connect(clients, node.port(), "live").publish("cam")) {
            publisher.send(List.of(SyntheticMedia.metadata(0)));
            long started = System.nanoTime();
            TestPlayer player = TestPlayer.connect(clients, node.port(), "live").play("cam?" + token("play", 2));
            Await.until(() -> "the player cut at its token's expiry", () -> player.closeReason() != null, 15_000);
            long afterMillis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(afterMillis >= 900, "cut after " + afterMillis + " ms, not before the token's second");
            assertTrue(!publisher.isClosed(), "the publisher publishes on");
        }
    }

    private static String token(String action, long ttlSeconds) {
        return SignedToken.mint(AuthKeys.parse(KEYS), "k1", action, "live/cam",
                System.currentTimeMillis() / 1000 + ttlSeconds);
    }
}
