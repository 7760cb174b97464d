package org.rtmpcluster.node;

import io.vertx.core.Deployable;
import sun.misc.Signal;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The command-line entry both roles share: read the configuration (exit 2 on a bad one), start, log one line, and
 * on SIGTERM or SIGINT close connections and exit 0 within the shutdown budget.
 */
public final class NodeMain {
    private static final long SHUTDOWN_BUDGET_MILLIS = 8_000;

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
        try {
            node = Node.start(options, verticle).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String hint = cause.getClass().getSimpleName().equals("NoDataMemberInClusterException")
                    ? " (no origin in cluster '" + options.cluster().name() + "' yet: edges hold no cluster data, "
                    + "so an origin must be up first)" : "";
            System.err.println(role + ": failed to start: " + cause.getMessage() + hint);
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
}
