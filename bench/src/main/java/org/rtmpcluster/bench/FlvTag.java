package org.rtmpcluster.bench;

/**
 * One tag of an FLV file: its type (8 audio, 9 video, 18 script data), timestamp in milliseconds and body, which
 * is exactly the payload of the RTMP message that carries it.
 */
record FlvTag(int type, long timestamp, byte[] body) {
    static final int AUDIO = 8;
    static final int VIDEO = 9;
    static final int SCRIPT = 18;

    boolean isVideo() {
        return type == VIDEO;
    }

    /** An AVC or AAC sequence header: sent once per publish, not a frame of the stream. */
    boolean isSequenceHeader() {
        return body.length >= 2 && switch (type) {
            case VIDEO -> VideoTags.isSequenceHeader(body[0], body[1]);
            case AUDIO -> (body[0] & 0xFF) >> 4 == 10 && body[1] == 0; // AAC, AACPacketType 0
            default -> false;
        };
    }

    /** A video frame that is not a sequence header. */
    boolean isVideoFrame() {
        return isVideo() && body.length >= 2 && !isSequenceHeader();
    }

    boolean isKeyframe() {
        return isVideo() && body.length >= 2 && VideoTags.isKeyframe(body[0], body[1]);
    }
}
