package org.rtmpcluster.rtmp.message;

/**
 * User Control message (type 4, RTMP 1.0 §7.1.7). {@code value} is the stream id or ping timestamp;
 * {@code extra} is only used by Set Buffer Length (the buffer length in ms).
 */
public record UserControl(int event, long value, long extra) implements RtmpMessage {
    public static final int STREAM_BEGIN = 0;
    public static final int STREAM_EOF = 1;
    public static final int STREAM_DRY = 2;
    public static final int SET_BUFFER_LENGTH = 3;
    public static final int STREAM_IS_RECORDED = 4;
    public static final int PING_REQUEST = 6;
    public static final int PING_RESPONSE = 7;

    public static UserControl of(int event, long value) {
        return new UserControl(event, value, 0);
    }
}
