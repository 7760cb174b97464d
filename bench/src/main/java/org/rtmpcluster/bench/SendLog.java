package org.rtmpcluster.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one publisher sent: for every video frame, its RTMP timestamp, its payload's {@link FrameFingerprint} and
 * the {@link System#nanoTime()} at which it was handed to the socket. The publisher writes it (before the send, so a
 * player can never see a frame the log does not know yet); players on other threads read it.
 *
 * <p>Players look a frame up by its timestamp, which servers are expected to pass through unchanged, and check the
 * fingerprint. A frame whose timestamp is unknown or carries another frame is found by its fingerprint instead and
 * counted as shifted: that is how the bench verifies, on every frame, that a server keeps the publisher's timestamps.
 */
final class SendLog {
    /** One sent video frame. */
    record Sent(long timestamp, long fingerprint, long sentNanos) {
    }

    private final Map<Long, Sent> byTimestamp = new ConcurrentHashMap<>();
    // The file loops, so one fingerprint recurs every pass: keep the latest, the one a live player receives.
    private final Map<Long, Sent> byFingerprint = new ConcurrentHashMap<>();

    void record(long timestamp, long fingerprint, long sentNanos) {
        Sent sent = new Sent(timestamp, fingerprint, sentNanos);
        byTimestamp.put(timestamp, sent);
        byFingerprint.put(fingerprint, sent);
    }

    /** The sent frame a received one is, or null if it was never sent. */
    Sent find(long timestamp, long fingerprint) {
        Sent sent = byTimestamp.get(timestamp);
        return sent != null && sent.fingerprint() == fingerprint ? sent : byFingerprint.get(fingerprint);
    }
}
