package org.rtmpcluster.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rtmpcluster.budget.MemoryBudget;
import org.rtmpcluster.cluster.FigureSeal;
import org.rtmpcluster.media.StreamOptions;
import org.rtmpcluster.media.StreamTable;
import org.rtmpcluster.server.NodeStats;
import org.rtmpcluster.testing.TestNode;

/** A stranger answering on a node's figures address is not believed when the cluster has a secret. */
class FigureSealTest {
    private static final String FORGED = new JsonObject().put("node", new JsonObject().put("players", 999))
            .put(LocalFigures.STREAMS, new JsonObject()).encode();
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        TestNode.await(vertx.close());
    }

    @Test
    void anUnsealedAnswerIsLeftOutAndASealedOneTaken() {
        FigureSeal seal = FigureSeal.of("figures-test-cluster-secret");
        List<Integer> players = askTwenty(seal, seal);
        assertTrue(players.contains(0), "the node's own answers are taken: " + players);
        assertTrue(!players.contains(999), "the stranger's answers are left out: " + players);
    }

    /** The same stranger is believed without a secret: the check above is what keeps it out. */
    @Test
    void withoutASecretEveryAnswerIsTaken() {
        List<Integer> players = askTwenty(FigureSeal.NONE, FigureSeal.NONE);
        assertTrue(players.contains(999), "event-bus requests go to either consumer in turn: " + players);
    }

    @Test
    void aSealIsForOneNodeAndOneNonce() {
        FigureSeal seal = FigureSeal.of("figures-test-cluster-secret");
        String s = seal.seal("n1", "nonce-1", FORGED);
        assertTrue(seal.opens("n1", "nonce-1", FORGED, s));
        for (var other : List.of(List.of("n2", "nonce-1", FORGED), List.of("n1", "nonce-2", FORGED),
                List.of("n1", "nonce-1", FORGED + " "))) {
            assertTrue(!seal.opens(other.get(0), other.get(1), other.get(2), s), other.toString());
        }
        assertTrue(!FigureSeal.of("another-cluster-secret").opens("n1", "nonce-1", FORGED, s));
        assertNotEquals("", s);
        assertEquals("", FigureSeal.NONE.seal("n1", "nonce-1", FORGED));
    }

    /** Node n1's real figures and a stranger's on the same address; what twenty queries took, as players. */
    private List<Integer> askTwenty(FigureSeal nodeSeal, FigureSeal askerSeal) {
        LocalFigures real = new LocalFigures(new NodeStats(), new StreamTable(StreamOptions.DEFAULT,
                MemoryBudget.UNLIMITED), nodeSeal);
        TestNode.await(real.register(vertx.eventBus(), "n1"));
        vertx.eventBus().<JsonObject>consumer(LocalFigures.address("n1"), m -> m.reply(FORGED));
        FigureQuery query = new FigureQuery(vertx.eventBus(), 2000, askerSeal);
        List<Integer> players = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Map<String, JsonObject> answers = TestNode.await(query.ask(Set.of("n1"), new JsonObject()));
            JsonObject answer = answers.get("n1");
            players.add(answer == null ? -1 : answer.getJsonObject("node").getInteger("players"));
        }
        return players;
    }
}
