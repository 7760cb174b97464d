package org.rtmpcluster.node;

/**
 * One line per log record, with time, level and logger, on stderr (JUL, the JDK's own: no dependency needed).
 * Hazelcast logs at WARNING and above; membership changes are logged by the cluster code itself.
 */
public final class Logging {
    /** Held so the configured level is not lost when the logger is garbage collected. */
    private static final java.util.logging.Logger HAZELCAST = java.util.logging.Logger.getLogger("com.hazelcast");

    private Logging() {
    }

    public static void configure() {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format",
                    "%1$tF %1$tT.%1$tL %4$s [%3$s] %5$s%6$s%n");
        }
        HAZELCAST.setLevel(java.util.logging.Level.WARNING);
    }
}
