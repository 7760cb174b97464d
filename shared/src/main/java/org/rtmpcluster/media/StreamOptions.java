package org.rtmpcluster.media;

/**
 * Per-stream bounds and timings.
 *
 * @param gopCacheMaxBytes     the most a stream keeps for joining players; a longer GOP is not cached
 * @param gopCacheMaxMessages  the same bound in messages
 * @param unpublishGraceMillis how long players wait for a publisher that left to come back
 * @param playerMaxLagMillis   how long a player may stay behind (skipping) before it is disconnected
 * @param publisherTakeoverMillis a new publisher replaces one that has sent no media for this long
 */
public record StreamOptions(long gopCacheMaxBytes, int gopCacheMaxMessages, long unpublishGraceMillis,
                            long playerMaxLagMillis, long publisherTakeoverMillis) {
    public static final StreamOptions DEFAULT = new StreamOptions(16L << 20, 8192, 15_000, 10_000, 5_000);
}
