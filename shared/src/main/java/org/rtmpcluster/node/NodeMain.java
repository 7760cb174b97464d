package org.rtmpcluster.node;

import io.vertx.core.Deployable;
import sun.misc.Signal;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The command-line entry both roles share: read the configuration (exit 2 on a bad one), start, log one line, and
 * run until stopped, then exit 0 (1 when the shutdown failed or overran its budget, so a supervisor sees it):
 * <ul>
 *   <li>SIGTERM (what orchestrators send) or {@code POST /api/v1/drain} drains the node first ({@link Node#drain}:
 *       at most {@code DRAIN_TIMEOUT_MS}), then stops it;</li>
 *   <li>SIGINT (Ctrl-C), or a second signal during a drain, stops it at once, closing connections.</li>
 * </ul>
 * A start that fails (the cluster not joined within {@code CLUSTER_JOIN_TIMEOUT_MS}, a port in use, ...) logs one
 * line saying why and exits 1 at once, so a supervisor restarts the node.
 */
public final class NodeMain {
    private static final System.Logger LOG = System.getLogger(NodeMain.class.getName());
    /** Closing after the drain (or without one): listeners, connections, the registry record, the membership. */
    private static final long SHUTDOWN_BUDGET_MILLIS = 10_000;
    /** A start's steps after the cluster join: Vert.x on a cold JVM, deploying, or closing after a failure. */
    private static final long START_BUDGET_MILLIS = 30_000;

    private NodeMain() {
    }

    public static void run(String role, String[] args, Function<Node, Supplier<? extends Deployable>> verticle) {
        Logging.configure();
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.print(NodeConfig.help(role));
            System.exit(0);
        }
        NodeOptions options;
        try {
            options = NodeConfig.parse(role, args, System.getenv());
        } catch (ConfigException e) {
            System.err.println(role + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        Node node;
        long startLimitMillis = options.cluster().joinTimeoutMillis() + START_BUDGET_MILLIS;
        try {
            node = Node.start(options, verticle).toCompletionStage().toCompletableFuture()
                    .get(startLimitMillis, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // One line, then exit at once: a supervisor restarts the node, and nothing of it may keep running.
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            System.err.println(role + ": failed to start: " + (cause instanceof TimeoutException
                    ? "not started within " + startLimitMillis + " ms (CLUSTER_JOIN_TIMEOUT_MS "
                    + options.cluster().joinTimeoutMillis() + " ms, then " + START_BUDGET_MILLIS + " ms)"
                    : reason(cause)));
            if (isBug(cause)) {
                cause.printStackTrace();
            }
            System.exit(1);
            return;
        }
        node.logStarted();
        AtomicBoolean signalled = new AtomicBoolean();
        sun.misc.SignalHandler onSignal = s -> {
            boolean first = signalled.compareAndSet(false, true);
            if (first && s.getName().equals("TERM")) {
                LOG.log(System.Logger.Level.INFO, "SIGTERM: draining (SIGINT or another SIGTERM stops at once)");
                node.drainAndStop();
            } else {
                LOG.log(System.Logger.Level.INFO, "stopping on SIG" + s.getName() + ": closing connections");
                node.stop();
            }
        };
        Signal.handle(new Signal("TERM"), onSignal);
        Signal.handle(new Signal("INT"), onSignal);
        boolean clean = awaitStopped(role, node.stopped(), node::isStopping,
                options.drainTimeoutMillis() + SHUTDOWN_BUDGET_MILLIS);
        System.exit(clean ? 0 : 1);
    }

    /**
     * Waits until the node has {@code stopped}, at most {@code budgetMillis} from when {@code stopping} first holds
     * (its drain or stop began). False, with one line saying why, when the stop failed or overran the budget.
     */
    static boolean awaitStopped(String role, io.vertx.core.Future<Void> stopped, BooleanSupplier stopping,
                                long budgetMillis) {
        var done = stopped.toCompletionStage().toCompletableFuture();
        long stoppingSince = 0;
        while (true) {
            try {
                done.get(200, TimeUnit.MILLISECONDS);
                return true;
            } catch (TimeoutException e) {
                if (stoppingSince == 0 && stopping.getAsBoolean()) {
                    stoppingSince = System.nanoTime();
                }
                if (stoppingSince != 0 && System.nanoTime() - stoppingSince > budgetMillis * 1_000_000) {
                    System.err.println(role + ": shutdown did not finish within " + budgetMillis + " ms");
                    return false;
                }
            } catch (ExecutionException e) {
                System.err.println(role + ": shutdown failed: " + reason(e.getCause() != null ? e.getCause() : e));
                return false;
            } catch (InterruptedException e) {
                System.err.println(role + ": interrupted while waiting for the shutdown");
                return false;
            }
        }
    }

    /** What went wrong: the first message down the chain of causes (a cause a node may meet states itself). */
    private static String reason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return failure.toString();
    }

    /** A failure no configuration or restart explains: its stack trace follows the line. */
    private static boolean isBug(Throwable failure) {
        return failure instanceof Error || failure instanceof NullPointerException
                || failure instanceof ClassCastException || failure instanceof IndexOutOfBoundsException
                || failure instanceof IllegalArgumentException;
    }
}
