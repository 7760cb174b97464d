package org.rtmpcluster.media;

import org.rtmpcluster.rtmp.message.MediaMessage;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/** A publisher's hold on a stream: push media batches, close when done. Any thread; batches keep their order. */
public final class Publication {
    private final MediaStream stream;
    private final String description;
    private final List<Runnable> closeHooks = new CopyOnWriteArrayList<>();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile long lastPushNanos = System.nanoTime();
    private volatile Consumer<String> revokeHandler = reason -> close();

    Publication(MediaStream stream, String description) {
        this.stream = stream;
        this.description = description;
    }

    public MediaStream stream() {
        return stream;
    }

    /** Who publishes (for logs): a peer address or an upstream URL. */
    public String description() {
        return description;
    }

    /**
     * Hands a batch (typically what one socket read carried) to the stream, with ownership of its payloads: the
     * stream releases them.
     */
    public void push(List<MediaMessage> batch) {
        lastPushNanos = System.nanoTime();
        stream.onOwner(() -> {
            if (stream.isCurrent(this)) {
                stream.accept(batch);
            } else {
                MediaStream.discard(batch);
            }
        });
    }

    /**
     * The publisher's media now comes from a new source (an edge's upstream moved to another origin): the stream
     * expects new sequence headers and shifts the new timestamps so players never see time go backwards. Players
     * are not told the publisher left.
     */
    public void restart() {
        stream.onOwner(() -> {
            if (stream.isCurrent(this)) {
                stream.startSession();
            }
        });
    }

    /** Ends the publication. Idempotent. */
    public void close() {
        stream.release(this);
        runCloseHooks();
    }

    /** Milliseconds since media last came from the publisher (or since the publication began). */
    long silentMillis() {
        return (System.nanoTime() - lastPushNanos) / 1_000_000;
    }

    /** The stream went to a new publisher while this one was silent: stop this one. */
    void replaced(String how) {
        runCloseHooks();
        revoke("replaced by a new publisher " + how);
    }

    private void runCloseHooks() {
        if (ended.compareAndSet(false, true)) {
            closeHooks.forEach(Runnable::run);
        }
    }

    /**
     * Runs {@code hook} once when the publication ends (releasing a cluster claim, closing an upstream), on
     * whichever thread ends it: a hook that touches a connection hops to that connection's loop.
     */
    public void whenClosed(Runnable hook) {
        closeHooks.add(hook);
    }

    /**
     * How the publisher stops when its right to publish is taken away (by default the publication just closes).
     * Called on any thread.
     */
    public void onRevoked(Consumer<String> handler) {
        revokeHandler = handler;
    }

    /** Takes the stream away from the publisher, e.g. when another origin's claim won after a cluster merge. */
    public void revoke(String reason) {
        revokeHandler.accept(reason);
    }
}
