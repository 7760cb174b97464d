package org.rtmpcluster.metering;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.util.UUID;

/**
 * Session events as signed JSON POSTs to {@code EVENTS_WEBHOOK_URL}: {@code publish_start}/{@code play_start} when a
 * session starts, {@code update} every {@code EVENTS_UPDATE_S} while it lasts, {@code publish_stop}/{@code play_stop}
 * when it ends, each with the running byte totals. One per node, shared by its event loops; see
 * {@link EventDelivery} for how the events travel and {@link #body} for what they say.
 */
public final class EventWebhook implements SessionEvents {
    private final EventDelivery delivery;
    private final EventsOptions options;
    private final String nodeId;
    private final String role;

    EventWebhook(EventDelivery delivery, EventsOptions options, String nodeId, String role) {
        this.delivery = delivery;
        this.options = options;
        this.nodeId = nodeId;
        this.role = role;
    }

    /** The node's events, or null when {@code EVENTS_WEBHOOK_URL} is not set. */
    public static EventWebhook create(Vertx vertx, EventsOptions options, String nodeId, String role) {
        return options.isConfigured()
                ? new EventWebhook(new EventDelivery(vertx, options), options, nodeId, role) : null;
    }

    @Override
    public MeteredSession started(SessionStart start) {
        LiveSession session = new LiveSession(this, start, options.updateSeconds() * 1000L);
        session.begin();
        return session;
    }

    /** Waits, at most {@code timeoutMillis}, for the events queued so far to be delivered (a stopping node). */
    public Future<Void> flush(long timeoutMillis) {
        return delivery.flush(timeoutMillis);
    }

    public EventCounts counts() {
        return delivery.counts();
    }

    void offer(Event event) {
        delivery.offer(event);
    }

    /**
     * The JSON the receiver gets: which session, what it is, who (the credential's scheme and subject, never the
     * credential), and its totals so far. {@code eventId} is new per event and the same on every retry of it: the
     * receiver's key for at-least-once delivery. {@code seq} counts the session's events from 0.
     */
    Buffer body(LiveSession session, String type, int seq, long nowMillis, String reason) {
        SessionStart start = session.start();
        JsonObject body = new JsonObject()
                .put("eventId", UUID.randomUUID().toString())
                .put("event", type)
                .put("sessionId", session.id())
                .put("seq", seq)
                .put("action", start.action())
                .put("app", start.key().app())
                .put("stream", start.key().name())
                .put("client", start.client())
                .put("nodeId", nodeId)
                .put("role", role)
                .put("protocol", "rtmp")
                .put("credential", new JsonObject().put("scheme", start.grant().scheme())
                        .put("subject", start.grant().subject()))
                .put("startedAt", session.startedAtMillis())
                .put("durationMs", Math.max(0, nowMillis - session.startedAtMillis()))
                .put("bytesIn", start.bytesIn().getAsLong())
                .put("bytesOut", start.bytesOut().getAsLong())
                .put("timestamp", nowMillis / 1000);
        if (reason != null) {
            body.put("reason", reason);
        }
        return body.toBuffer();
    }
}
