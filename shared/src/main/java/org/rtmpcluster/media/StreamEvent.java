package org.rtmpcluster.media;

/** What happens to a stream that its players hear about. */
public enum StreamEvent {
    /** The publisher left; players stay for the grace time. */
    UNPUBLISHED,
    /** A publisher is back; its sequence headers follow. */
    REPUBLISHED,
    /** No publisher came back in time; the stream is gone. */
    ENDED
}
