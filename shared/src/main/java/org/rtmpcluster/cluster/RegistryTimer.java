package org.rtmpcluster.cluster;

/**
 * Where the durations of stream registry operations go (the metrics' latency histogram), or nowhere
 * ({@link #NONE}). Called once per operation, when its future completes.
 */
@FunctionalInterface
public interface RegistryTimer {
    RegistryTimer NONE = (operation, succeeded, nanos) -> { };

    /** {@code operation} ("claim", "release", "refresh", "lookup") took {@code nanos} and succeeded or failed. */
    void record(String operation, boolean succeeded, long nanos);
}
