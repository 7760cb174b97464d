package org.rtmpcluster.node;

import io.vertx.core.Deployable;
import sun.misc.Signal;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The command-line entry both roles share: read the configuration (exit 2 on a bad one), start, log one line, and
 * on SIGTERM or SIGINT close connections and exit 0 within the shutdown budget. A start that fails (the cluster
 * not joined within {@code CLUSTER_JOIN_TIMEOUT_MS}, a port in use, ...) logs one line saying why and exits 1 at
 * once, so a supervisor restarts the node.
 */
public final class NodeMain {
    private static final long SHUTDOWN_BUDGET_MILLIS = 8_000;
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
        CountDownLatch stop = new CountDownLatch(1);
        String[] signal = new String[1];
        sun.misc.SignalHandler onSignal = s -> {
            signal[0] = s.getName();
            stop.countDown();
        };
        Signal.handle(new Signal("TERM"), onSignal);
        Signal.handle(new Signal("INT"), onSignal);
        try {
            stop.await();
            System.getLogger(NodeMain.class.getName()).log(System.Logger.Level.INFO,
                    "stopping on SIG" + signal[0] + ": closing connections");
            node.stop().toCompletionStage().toCompletableFuture().get(SHUTDOWN_BUDGET_MILLIS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            System.err.println(role + ": shutdown did not finish cleanly: " + e);
        }
        System.exit(0);
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
