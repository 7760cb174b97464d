package org.rtmpcluster.node;

/**
 * One line per log record, with time, level and logger, on stderr (JUL, the JDK's own: no dependency needed).
 * Hazelcast logs at WARNING and above; membership changes are logged by the cluster code itself. Hazelcast
 * warnings that ask nothing of an operator are quieted.
 */
public final class Logging {
    /** Held so the configured level is not lost when the logger is garbage collected. */
    private static final java.util.logging.Logger HAZELCAST = java.util.logging.Logger.getLogger("com.hazelcast");
    /**
     * "CP Subsystem is not enabled ... UNSAFE mode", on every start: the registry uses no CP data structure (its
     * claims are entry processors with epochs, see README), so there is nothing to enable or fix.
     */
    static final java.util.logging.Logger HAZELCAST_CP = java.util.logging.Logger.getLogger(
            "com.hazelcast.cp.CPSubsystem");

    /**
     * A member port in use: Hazelcast logs it with a stack trace, then throws the same error, which the node's one
     * line on a failed start reports. Its records without an exception still show.
     */
    static final java.util.logging.Logger HAZELCAST_ADDRESS_PICKER = java.util.logging.Logger.getLogger(
            "com.hazelcast.instance.AddressPicker");

    private Logging() {
    }

    public static void configure() {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format",
                    "%1$tF %1$tT.%1$tL %4$s [%3$s] %5$s%6$s%n");
        }
        HAZELCAST.setLevel(java.util.logging.Level.WARNING);
        HAZELCAST_CP.setLevel(java.util.logging.Level.SEVERE);
        HAZELCAST_ADDRESS_PICKER.setFilter(record -> record.getThrown() == null);
    }
}
