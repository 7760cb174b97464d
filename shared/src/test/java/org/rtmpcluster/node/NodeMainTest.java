package org.rtmpcluster.node;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the process's exit code follows the node's shutdown: 0 only for a stop that finished and succeeded. */
class NodeMainTest {

    @Test
    void aStopThatSucceededExitsCleanly() {
        assertTrue(NodeMain.awaitStopped("origin", Future.succeededFuture(), () -> true, 1000));
    }

    @Test
    void aStopThatFailedIsNotClean() {
        assertFalse(NodeMain.awaitStopped("origin", Future.failedFuture("hazelcast did not leave"), () -> true, 1000));
    }

    @Test
    void aStopThatOverrunsItsBudgetIsNotClean() {
        Promise<Void> never = Promise.promise();
        assertFalse(NodeMain.awaitStopped("origin", never.future(), () -> true, 300));
    }
}
