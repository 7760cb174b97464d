package org.rtmpcluster.interop;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * When a test (or a {@code @BeforeAll} or {@code @BeforeEach} method) fails, attaches the log of every node that
 * matters to it to the failure as a suppressed exception, so a CI report shows what the servers said without a
 * rerun: the nodes it started (closed or not, and how they ended) and the nodes still running for the class.
 */
public final class NodeLogsOnFailure implements TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler,
        AfterEachCallback, AfterAllCallback {

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        throw withNodeLogs(failure);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable failure)
            throws Throwable {
        throw withNodeLogs(failure);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable failure)
            throws Throwable {
        throw withNodeLogs(failure);
    }

    private static Throwable withNodeLogs(Throwable failure) {
        for (NodeProcess node : NodeProcess.ofInterest()) {
            failure.addSuppressed(new NodeLog(node.describe()));
        }
        return failure;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        NodeProcess.forgetClosed();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        NodeProcess.forgetClosed();
    }

    /** Carries a node's log; its stack trace would say nothing. */
    private static final class NodeLog extends Exception {
        private static final long serialVersionUID = 1L;

        NodeLog(String log) {
            super(log, null, false, false);
        }
    }
}
