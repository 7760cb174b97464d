package org.rtmpcluster.media;

/**
 * Per-stream bounds and timings.
 *
 * @param gopCacheMaxBytes     the most a stream keeps for joining players; a longer GOP is not cached
 * @param gopCacheMaxMessages  the same bound in messages
 * @param unpublishGraceMillis how long players wait for a publisher that left to come back
 * @param playerMaxLagMillis   how long a player may stay behind (skipping) before it is disconnected
 * @param publisherTakeoverMillis a new publisher replaces one that has sent no media for this long
 * @param audioCoalesceMillis  on a stream with video, audio waits at most this long for the next video frame so
 *                             that both reach each player in one write (one system call instead of two or three);
 *                             0 sends every message at once. Video never waits.
 * @param maxStreams           the most streams one node holds (published there or pulled): with publishing open to
 *                             anyone, this bounds the node's memory and its share of the cluster registry
 */
public record StreamOptions(long gopCacheMaxBytes, int gopCacheMaxMessages, long unpublishGraceMillis,
                            long playerMaxLagMillis, long publisherTakeoverMillis, long audioCoalesceMillis,
                            int maxStreams) {
    public static final StreamOptions DEFAULT = new StreamOptions(16L << 20, 8192, 15_000, 10_000, 5_000, 40, 10_000);

    public StreamOptions withMaxStreams(int maxStreams) {
        return new StreamOptions(gopCacheMaxBytes, gopCacheMaxMessages, unpublishGraceMillis, playerMaxLagMillis,
                publisherTakeoverMillis, audioCoalesceMillis, maxStreams);
    }
}
