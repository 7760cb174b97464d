package org.rtmpcluster.metering;

import io.vertx.core.buffer.Buffer;

/**
 * One event to deliver: its body (built once; a retry sends the same bytes, so the receiver sees the same
 * {@code eventId}), and what to do with its answer.
 *
 * @param sessionId the session it belongs to: events of one session go one at a time, in order
 * @param type      {@code publish_start}, {@code update}, ...
 * @param body      the JSON
 * @param refused   run when the receiver answered non-2xx and the session must end (updates); null otherwise
 * @param settled   run once the event is done with: delivered, given up, or dropped
 */
record Event(String sessionId, String type, Buffer body, Runnable refused, Runnable settled) {
    boolean cutsWhenRefused() {
        return refused != null;
    }
}
