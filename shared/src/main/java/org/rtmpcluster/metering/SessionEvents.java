package org.rtmpcluster.metering;

/**
 * What the server tells metering: a publish or play started. The answer is told when it stops. {@link #NONE} (no
 * {@code EVENTS_WEBHOOK_URL}, tests) costs nothing.
 */
public interface SessionEvents {
    SessionEvents NONE = start -> MeteredSession.NONE;

    /** A session started; called on its connection's loop, as is everything on the answer. */
    MeteredSession started(SessionStart start);
}
