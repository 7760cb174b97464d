package org.rtmpcluster.edge;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.rtmpcluster.media.MediaStream;
import org.rtmpcluster.media.Publication;
import org.rtmpcluster.media.StreamKey;
import org.rtmpcluster.media.StreamTable;
import org.rtmpcluster.media.TooManyStreamsException;
import org.rtmpcluster.rtmp.message.MediaMessage;

import java.util.ArrayList;
import java.util.List;

/**
 * The local side of an {@link UpstreamPull}: the stream on this node that the pull feeds and its players share, the
 * pull's publication on it, and the players waiting for it.
 *
 * <p>The publication closes when the upstream says its publisher left (the players are told, and the stream waits
 * out its unpublish grace), and is claimed again when the publisher is back. If the stream ended meanwhile (the
 * publisher stayed away past the grace), that claim makes a new stream. A joiner gets the stream that exists now,
 * never an ended one; when there is none it waits, as for a stream not published yet, up to the players' wait.
 *
 * <p>Used on the pull's event loop only. A claim beyond the node's stream limit throws
 * {@link TooManyStreamsException}; the pull then stops.
 */
final class PulledStream {
    private static final String DESCRIPTION = "edge pull";

    private final StreamKey key;
    private final StreamTable table;
    private final Vertx vertx;
    private final long playWaitMillis;
    private final List<Promise<MediaStream>> waiting = new ArrayList<>();
    private Publication publication;
    private MediaStream stream;
    /** The stream was known to exist upstream: joiners have been told to start. */
    private boolean announced;
    /** Once closed, what every joiner gets: no stream, the stream published on this node itself, or a failure. */
    private Future<MediaStream> closedAnswer;

    PulledStream(StreamKey key, StreamTable table, Vertx vertx, long playWaitMillis) {
        this.key = key;
        this.table = table;
        this.vertx = vertx;
        this.playWaitMillis = Math.max(1, playWaitMillis);
    }

    /**
     * Whether there is anything to pull: false when the stream is published on this node itself (an encoder's
     * ingest), and joiners get that stream. The pull takes no stream slot until the stream is known to exist
     * upstream ({@link #announce}): plays of keys nobody publishes, waiting for them to appear, hold none.
     */
    boolean open() {
        MediaStream here = table.find(key);
        if (here != null && here.hasPublisher()) {
            close(Future.succeededFuture(here));
            return false;
        }
        return true;
    }

    /** Answers a joiner: with the stream, once it is known to exist and while it has not ended. */
    void answer(Promise<MediaStream> joiner) {
        if (closedAnswer != null) {
            closedAnswer.onComplete(joiner);
        } else if (announced && exists()) {
            joiner.complete(stream);
        } else {
            waiting.add(joiner);
            if (announced) {
                // The stream ended while its publisher was away. (Before the first answer, the pull's own wait
                // bounds every joiner.)
                vertx.setTimer(playWaitMillis, id -> {
                    if (waiting.remove(joiner)) {
                        joiner.complete(null);
                    }
                });
            }
        }
    }

    /** Whether the stream was ever known to exist upstream. */
    boolean announced() {
        return announced;
    }

    /** The stream exists upstream: joiners may start now, on a new local stream if the last one has ended. */
    void announce() {
        announced = true;
        if (publication == null && !exists()) {
            claim();
        }
        if (closedAnswer == null && exists()) {
            List<Promise<MediaStream>> answered = List.copyOf(waiting);
            waiting.clear();
            answered.forEach(p -> p.complete(stream));
        }
    }

    /** Media from the upstream. The batch is lent for the call: the stream takes references of its own. */
    void push(List<MediaMessage> batch) {
        claim(); // media after an unpublish: the publisher is back
        if (publication != null) {
            batch.forEach(m -> m.payload().retain());
            publication.push(batch);
        }
    }

    /** The upstream's publisher left: our players are told, as the upstream told us. */
    void unpublished() {
        if (publication != null) {
            publication.close();
            publication = null;
        }
    }

    /** The upstream's publisher is back. */
    void republished() {
        claim();
    }

    /** The media comes from a new upstream now: new headers, timestamps rebased. */
    void restart() {
        if (publication != null) {
            publication.restart();
        }
    }

    /** Ends the publication; every joiner waiting, and every later one, gets {@code answer}. The first close wins. */
    void close(Future<MediaStream> answer) {
        if (closedAnswer != null) {
            return;
        }
        closedAnswer = answer;
        unpublished();
        List<Promise<MediaStream>> answered = List.copyOf(waiting);
        waiting.clear();
        answered.forEach(answer::onComplete);
    }

    private void claim() {
        if (publication == null && closedAnswer == null) {
            publication = table.publish(key, DESCRIPTION);
            if (publication != null) {
                stream = publication.stream();
            }
        }
    }

    /** The local stream is there and has not ended: held by the pull, or waiting out its grace. */
    private boolean exists() {
        return stream != null && (publication != null || table.find(key) == stream);
    }
}
