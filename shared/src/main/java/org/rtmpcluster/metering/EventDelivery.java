package org.rtmpcluster.metering;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import org.rtmpcluster.auth.BodySignature;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Delivers session events to the receiver: at least once, one at a time per session and in order, at most
 * {@value #MAX_IN_FLIGHT} requests at once over the node, from a queue of at most {@code EVENTS_QUEUE_MAX} events
 * (one more is dropped and counted). An event the receiver did not answer, or answered with a server error (5xx,
 * 408, 429: a proxy before a receiver that is down says so), is sent again after a backoff that doubles from
 * {@value #FIRST_RETRY_MILLIS} ms up to {@value #MAX_RETRY_MILLIS} ms, for as long as it takes; its session's later
 * events wait behind it. Any other non-2xx answer is final: an update's cuts its session, a start's or stop's is
 * counted failed (sending it again cannot change the answer).
 *
 * <p>Shared by the node's event loops: everything but {@link #offer} and {@link #flush}'s caller runs on one
 * context of its own, so the queue needs no lock and never blocks a session's loop.
 */
final class EventDelivery {
    static final int MAX_IN_FLIGHT = 16;
    static final long FIRST_RETRY_MILLIS = 500;
    static final long MAX_RETRY_MILLIS = 30_000;
    /** As the authorization webhook: shorter than the idle timeouts receivers commonly keep (Node.js: 5 s). */
    private static final int KEEP_ALIVE_SECONDS = 4;
    private static final System.Logger LOG = System.getLogger(EventDelivery.class.getName());

    private final Vertx vertx;
    private final Context context;
    private final EventsOptions options;
    private final HttpClient client;
    private final RequestOptions post;
    private final BodySignature signature;
    private final EventCounts counts = new EventCounts();
    // On the context only, from here on.
    /** Each session with events waiting, oldest first; the head is in flight, waiting to retry, or ready. */
    private final Map<String, ArrayDeque<Event>> sessions = new HashMap<>();
    /** Sessions whose head may be sent now. */
    private final ArrayDeque<String> ready = new ArrayDeque<>();
    /** Failed attempts of a session's head event. */
    private final Map<String, Integer> attempts = new HashMap<>();
    private final List<Runnable> whenEmpty = new ArrayList<>();
    private int queued;
    private int inFlight;
    /** Whether the last attempt got an answer, and whether the last offer fit: each is logged when it changes. */
    private boolean answering = true;
    private boolean dropping;

    EventDelivery(Vertx vertx, EventsOptions options) {
        this.vertx = vertx;
        this.options = options;
        this.context = vertx.getOrCreateContext();
        this.post = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(options.url())
                .setFollowRedirects(false)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.USER_AGENT, "rtmp-cluster-events");
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
                        .setKeepAliveTimeout(KEEP_ALIVE_SECONDS).setConnectTimeout((int) options.timeoutMillis()),
                new PoolOptions().setHttp1MaxSize(MAX_IN_FLIGHT));
        this.signature = options.secret().isEmpty() ? null : new BodySignature(options.secret());
    }

    EventCounts counts() {
        return counts;
    }

    /** Queues {@code event}; any thread. Events offered from one thread keep their order. */
    void offer(Event event) {
        context.runOnContext(v -> enqueue(event));
    }

    /**
     * Completes once every event offered before the call is settled, or after {@code timeoutMillis} (a receiver that
     * is down does not hold a stopping node).
     */
    Future<Void> flush(long timeoutMillis) {
        Promise<Void> flushed = Promise.promise();
        context.runOnContext(v -> {
            if (queued == 0) {
                flushed.complete();
                return;
            }
            long timer = vertx.setTimer(Math.max(1, timeoutMillis), id -> {
                if (flushed.tryComplete()) {
                    LOG.log(System.Logger.Level.WARNING, "{0} session events still undelivered after {1} ms; "
                            + "they are lost with this node", queued, String.valueOf(timeoutMillis));
                }
            });
            whenEmpty.add(() -> {
                vertx.cancelTimer(timer);
                flushed.tryComplete();
            });
        });
        return flushed.future();
    }

    private void enqueue(Event event) {
        if (queued >= options.queueMax()) {
            counts.dropped.incrementAndGet();
            if (!dropping) {
                dropping = true;
                LOG.log(System.Logger.Level.WARNING, "session events dropped: {0} waiting (EVENTS_QUEUE_MAX); "
                        + "counted in rtmp_events_dropped_total", queued);
            }
            event.settled().run();
            return;
        }
        dropping = false;
        queued++;
        counts.queued.set(queued);
        ArrayDeque<Event> waiting = sessions.computeIfAbsent(event.sessionId(), k -> new ArrayDeque<>());
        waiting.add(event);
        if (waiting.size() == 1) {
            ready.add(event.sessionId());
        }
        pump();
    }

    private void pump() {
        while (inFlight < MAX_IN_FLIGHT && !ready.isEmpty()) {
            String session = ready.poll();
            Event event = sessions.get(session).peek();
            inFlight++;
            send(event).onComplete(ar -> onContext(() -> {
                inFlight--;
                answered(event, ar);
                pump();
            }));
        }
    }

    private void answered(Event event, AsyncResult<Integer> ar) {
        int status = ar.succeeded() ? ar.result() : -1;
        if (status < 0 || status >= 500 || status == 408 || status == 429) {
            retry(event, status < 0 ? String.valueOf(ar.cause()) : "HTTP " + status);
            return;
        }
        if (!answering) {
            answering = true;
            LOG.log(System.Logger.Level.INFO, "session events receiver answers again");
        }
        if (status >= 200 && status < 300) {
            counts.sent.incrementAndGet();
        } else if (event.cutsWhenRefused()) {
            counts.sent.incrementAndGet();
            event.refused().run();
        } else {
            counts.failed.incrementAndGet();
            LOG.log(System.Logger.Level.WARNING, "session event {0} of session {1} refused by the receiver "
                    + "(HTTP {2}); not sent again", event.type(), event.sessionId(), String.valueOf(status));
        }
        settle(event);
    }

    private void retry(Event event, String why) {
        counts.retried.incrementAndGet();
        if (answering) {
            answering = false;
            LOG.log(System.Logger.Level.WARNING, "session events receiver did not take an event ({0}); retrying "
                    + "with backoff up to {1} ms, events queue meanwhile", why, String.valueOf(MAX_RETRY_MILLIS));
        }
        int failures = attempts.merge(event.sessionId(), 1, Integer::sum);
        vertx.setTimer(backoffMillis(failures), id -> onContext(() -> {
            ready.add(event.sessionId());
            pump();
        }));
    }

    /** Doubling from the first retry to the cap, with a fifth of jitter so that sessions do not retry in step. */
    static long backoffMillis(int failures) {
        long base = Math.min(MAX_RETRY_MILLIS, FIRST_RETRY_MILLIS << Math.min(failures - 1, 16));
        return base - ThreadLocalRandom.current().nextLong(base / 5 + 1);
    }

    private void settle(Event event) {
        String session = event.sessionId();
        ArrayDeque<Event> waiting = sessions.get(session);
        waiting.poll();
        attempts.remove(session);
        queued--;
        counts.queued.set(queued);
        event.settled().run();
        if (waiting.isEmpty()) {
            sessions.remove(session);
        } else {
            ready.add(session);
        }
        if (queued == 0 && !whenEmpty.isEmpty()) {
            List<Runnable> waiters = List.copyOf(whenEmpty);
            whenEmpty.clear();
            waiters.forEach(Runnable::run);
        }
    }

    /** One POST; the future holds the answer's status, or fails with no answer within the timeout. */
    private Future<Integer> send(Event event) {
        Promise<Integer> answer = Promise.promise();
        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        long timer = vertx.setTimer(options.timeoutMillis(), id -> {
            if (answer.tryFail(new TimeoutException("no answer within " + options.timeoutMillis() + " ms"))) {
                HttpClientRequest r = sent.get();
                if (r != null) {
                    r.reset(); // its connection is in an unknown state: not reused
                }
            }
        });
        client.request(post).onSuccess(r -> {
            sent.set(r);
            if (answer.future().isComplete()) {
                r.reset(); // timed out while connecting
                return;
            }
            if (signature != null) {
                r.putHeader(BodySignature.HEADER, signature.header(event.body()));
            }
            r.send(event.body()).onSuccess(response -> {
                response.exceptionHandler(answer::tryFail);
                response.handler(chunk -> { }); // the answer's body means nothing here: none of it is kept
                response.endHandler(v -> answer.tryComplete(response.statusCode()));
            }).onFailure(answer::tryFail);
        }).onFailure(answer::tryFail);
        return answer.future().andThen(ar -> vertx.cancelTimer(timer));
    }

    private void onContext(Runnable action) {
        if (Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }
}
