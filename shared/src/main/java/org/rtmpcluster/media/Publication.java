package org.rtmpcluster.media;

import org.rtmpcluster.rtmp.message.MediaMessage;

import java.util.List;

/** A publisher's hold on a stream: push media batches, close when done. Any thread; batches keep their order. */
public final class Publication {
    private final MediaStream stream;
    private final String description;

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

    /** Hands a batch (typically what one socket read carried) to the stream. */
    public void push(List<MediaMessage> batch) {
        stream.onOwner(() -> {
            if (stream.isCurrent(this)) {
                stream.accept(batch);
            }
        });
    }

    public void close() {
        stream.release(this);
    }
}
