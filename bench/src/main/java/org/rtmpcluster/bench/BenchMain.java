package org.rtmpcluster.bench;

import java.util.Arrays;

/**
 * The bench jar's entry point: {@code java -jar bench.jar SUBCOMMAND [args]}.
 * <ul>
 *   <li>{@code fanout URL PLAYERS SECONDS}: players on one stream, what they receive ({@code bench/fanout.sh})</li>
 *   <li>{@code scenario --flag value ...}: one server under one scenario, to a JSON file ({@link ScenarioRun})</li>
 *   <li>{@code report --out FILE RESULT.json ...}: the side-by-side table and JSON ({@link CompareReport})</li>
 *   <li>{@code soak --flag value ...}: players and publishers churning on an origin and an edge, sampled, with a
 *       verdict ({@link ChurnSoak})</li>
 *   <li>{@code model --flag value ...}: a fan-out of many players over zones of edges, simulated with the real
 *       routing code, and what it costs the origins and the registry ({@link FanOutModel})</li>
 *   <li>{@code joins ...}, {@code webhook-receiver ...}: what authorization costs a join ({@link JoinCost},
 *       {@code bench/joins.sh})</li>
 * </ul>
 * {@code bench/compare.sh} drives {@code scenario} and {@code report}; {@code bench/soak.sh} drives {@code soak}.
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        int status;
        try {
            status = switch (command) {
                case "fanout" -> FanOutBench.run(rest);
                case "scenario" -> ScenarioRun.main(rest);
                case "report" -> CompareReport.main(rest);
                case "soak" -> ChurnSoak.main(rest);
                case "model" -> FanOutModel.main(rest);
                case "joins" -> JoinCost.joins(rest);
                case "webhook-receiver" -> JoinCost.webhookReceiver(rest);
                default -> usage("unknown subcommand '" + command + "'");
            };
        } catch (IllegalArgumentException e) {
            status = usage(e.getMessage());
        }
        System.exit(status);
    }

    private static int usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: java -jar bench.jar fanout|scenario|report|soak|model|joins ... (see bench/README.md)");
        return 2;
    }
}
