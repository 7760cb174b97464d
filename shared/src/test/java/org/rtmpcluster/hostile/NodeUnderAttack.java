package org.rtmpcluster.hostile;

import org.rtmpcluster.testing.Await;
import org.rtmpcluster.testing.TestNode;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An in-JVM node with what a hostile-input test checks on it besides the attack's own outcome: why each connection
 * was closed (the server's log line), how many connections it holds, and every exception or error that escaped a
 * handler on its event loops (there must be none: a hostile peer is input, not a crash).
 */
final class NodeUnderAttack implements AutoCloseable {
    private final TestNode node;
    private final CloseLog closeLog = new CloseLog();
    private final List<Throwable> uncaught = new CopyOnWriteArrayList<>();

    private NodeUnderAttack(TestNode node) {
        this.node = node;
        node.node().vertx().exceptionHandler(uncaught::add);
    }

    static NodeUnderAttack start(String... flags) {
        return new NodeUnderAttack(TestNode.start(flags));
    }

    TestNode testNode() {
        return node;
    }

    int port() {
        return node.port();
    }

    int connections() {
        return node.node().stats().connections();
    }

    /**
     * Asserts that the server ends {@code peer}'s connection within {@code within} (the peer sees end of stream or a
     * reset) and logged a reason containing {@code reason}.
     */
    RawPeer.Closure assertClosed(RawPeer peer, Duration within, String reason) {
        RawPeer.Closure closure = peer.awaitClosed(within);
        String logged = Await.value("the server's close line for port " + peer.port(),
                () -> closeLog.reasonFor(peer.port()).orElse(null));
        assertTrue(logged.contains(reason), "port " + peer.port() + " was closed (" + closure.how()
                + ") for \"" + logged + "\", expected a reason containing \"" + reason + "\"");
        return closure;
    }

    String closeReason(RawPeer peer) {
        return closeLog.reasonFor(peer.port()).orElse(null);
    }

    void awaitConnections(int count) {
        Await.until(() -> count + " open connections at the node (have " + connections() + ")",
                () -> connections() == count);
    }

    /** Nothing escaped a handler: no uncaught exception, no StackOverflowError, no OutOfMemoryError. */
    void assertNothingEscaped() {
        if (!uncaught.isEmpty()) {
            StringWriter trace = new StringWriter();
            uncaught.get(0).printStackTrace(new PrintWriter(trace));
            throw new AssertionError(uncaught.size() + " throwables escaped the node's handlers, first: " + trace);
        }
    }

    /**
     * The attack left no trace on the legitimate side: only the bystanders' two connections are open, their player
     * gets every further frame, and nothing escaped a handler.
     */
    void assertUnharmed(LegitimateStream bystanders) {
        awaitConnections(2);
        bystanders.assertStillFlows();
        assertNothingEscaped();
    }

    @Override
    public void close() {
        closeLog.close();
        node.close();
    }
}
