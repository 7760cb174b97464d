package org.rtmpcluster.metering;

import io.vertx.core.Context;
import org.rtmpcluster.auth.Grant;
import org.rtmpcluster.media.StreamKey;

import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A publish or play that started, as metering sees it.
 *
 * @param action   "publish" or "play"
 * @param key      the stream
 * @param client   the peer, host:port
 * @param grant    what authorized it: its scheme and subject are the event's credential id (never a credential)
 * @param context  the session's loop: its timers run there, and the byte counts are read there
 * @param bytesIn  bytes the session read from the client so far (plain counters of its loop)
 * @param bytesOut bytes the session wrote to the client's socket so far
 * @param cut      ends the session, with the reason for the log (the receiver refused an update); any thread
 */
public record SessionStart(String action, StreamKey key, String client, Grant grant, Context context,
                           LongSupplier bytesIn, LongSupplier bytesOut, Consumer<String> cut) {
}
