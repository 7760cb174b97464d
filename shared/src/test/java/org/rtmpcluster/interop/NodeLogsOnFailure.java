package org.rtmpcluster.interop;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * When a test fails, attaches the log of every node it started (and whether the node was still running) to the
 * failure as a suppressed exception, so a CI report shows what the server said without a rerun.
 */
final class NodeLogsOnFailure implements TestExecutionExceptionHandler, AfterEachCallback {

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        for (NodeProcess node : NodeProcess.takeStarted()) {
            failure.addSuppressed(new NodeLog(node.describe()));
        }
        throw failure;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        NodeProcess.takeStarted();
    }

    /** Carries a node's log; its stack trace would say nothing. */
    private static final class NodeLog extends Exception {
        NodeLog(String log) {
            super(log, null, false, false);
        }
    }
}
