package org.rtmpcluster.bench;

/**
 * Reads the first two bytes of an FLV video tag body (FLV spec v10.1, E.4.3.1): frame type in the high nibble of
 * the first byte, codec id in the low one, and for AVC (codec 7) the AVCPacketType in the second byte.
 */
final class VideoTags {
    private static final int KEYFRAME = 1;
    private static final int AVC = 7;

    private VideoTags() {
    }

    /** An AVC sequence header (AVCDecoderConfigurationRecord): a codec setup, not a picture. */
    static boolean isSequenceHeader(byte first, byte second) {
        return (first & 0x0F) == AVC && second == 0;
    }

    /** A keyframe carrying a picture: frame type 1 and, for AVC, not a sequence header. */
    static boolean isKeyframe(byte first, byte second) {
        return (first & 0xFF) >> 4 == KEYFRAME && !isSequenceHeader(first, second);
    }
}
