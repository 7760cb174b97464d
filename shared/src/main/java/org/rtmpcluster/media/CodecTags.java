package org.rtmpcluster.media;

import io.netty.buffer.ByteBuf;
import org.rtmpcluster.rtmp.message.MediaMessage;

/**
 * Reads just enough of an FLV audio/video tag body to classify it: keyframes and sequence headers, in the legacy
 * form (AVC/HEVC packet type byte, AAC packet type byte) and the Enhanced RTMP form (ex-header bit, packet type in
 * the low nibble, FourCC after it). Everything else about the codec stays opaque: we pass media through.
 */
public final class CodecTags {
    private static final int VIDEO_EX_HEADER = 0x80;
    private static final int FRAME_TYPE_KEY = 1;
    private static final int CODEC_AVC = 7;
    private static final int CODEC_HEVC_LEGACY = 12;
    private static final int EX_PACKET_SEQUENCE_START = 0;
    private static final int EX_PACKET_MULTITRACK = 6;
    private static final int SOUND_FORMAT_AAC = 10;
    private static final int SOUND_FORMAT_EX_HEADER = 9;
    private static final int AUDIO_EX_PACKET_MULTITRACK = 5;

    private CodecTags() {
    }

    public static boolean isVideoKeyframe(MediaMessage m) {
        if (!m.isVideo() || m.payload().readableBytes() < 1) {
            return false;
        }
        int b = m.payload().getUnsignedByte(m.payload().readerIndex());
        int frameType = (b & VIDEO_EX_HEADER) != 0 ? (b >> 4) & 0x07 : b >> 4;
        return frameType == FRAME_TYPE_KEY && !isVideoSequenceHeader(m);
    }

    public static boolean isVideoSequenceHeader(MediaMessage m) {
        ByteBuf p = m.payload();
        if (!m.isVideo() || p.readableBytes() < 2) {
            return false;
        }
        int b = p.getUnsignedByte(p.readerIndex());
        if ((b & VIDEO_EX_HEADER) != 0) {
            int packetType = b & 0x0F;
            // A multitrack packet carries its own inner packet type; treat its sequence start like any other.
            if (packetType == EX_PACKET_MULTITRACK && p.readableBytes() >= 2) {
                return (p.getUnsignedByte(p.readerIndex() + 1) & 0x0F) == EX_PACKET_SEQUENCE_START;
            }
            return packetType == EX_PACKET_SEQUENCE_START;
        }
        int codec = b & 0x0F;
        return (codec == CODEC_AVC || codec == CODEC_HEVC_LEGACY) && p.getUnsignedByte(p.readerIndex() + 1) == 0;
    }

    public static boolean isAudioSequenceHeader(MediaMessage m) {
        ByteBuf p = m.payload();
        if (!m.isAudio() || p.readableBytes() < 2) {
            return false;
        }
        int b = p.getUnsignedByte(p.readerIndex());
        int format = b >> 4;
        if (format == SOUND_FORMAT_EX_HEADER) {
            return (b & 0x0F) == EX_PACKET_SEQUENCE_START;
        }
        return format == SOUND_FORMAT_AAC && p.getUnsignedByte(p.readerIndex() + 1) == 0;
    }

    /**
     * The codec a video sequence header announces: "H264" or "H265" for the legacy codec ids, the FourCC for
     * Enhanced RTMP ("hvc1", "av01", "vp09", "avc1"), null if it names none we can read.
     */
    public static String videoCodec(MediaMessage m) {
        ByteBuf p = m.payload();
        int b = p.getUnsignedByte(p.readerIndex());
        if ((b & VIDEO_EX_HEADER) != 0) {
            // Enhanced RTMP: the FourCC follows the first byte, or the multitrack byte after it (the first track's).
            return fourCc(p, (b & 0x0F) == EX_PACKET_MULTITRACK ? 2 : 1);
        }
        return switch (b & 0x0F) {
            case CODEC_AVC -> "H264";
            case CODEC_HEVC_LEGACY -> "H265";
            default -> null;
        };
    }

    /** The codec an audio sequence header announces: "AAC", or the Enhanced RTMP FourCC ("Opus", "fLaC", ...). */
    public static String audioCodec(MediaMessage m) {
        ByteBuf p = m.payload();
        int b = p.getUnsignedByte(p.readerIndex());
        if (b >> 4 == SOUND_FORMAT_EX_HEADER) {
            return fourCc(p, (b & 0x0F) == AUDIO_EX_PACKET_MULTITRACK ? 2 : 1);
        }
        return b >> 4 == SOUND_FORMAT_AAC ? "AAC" : null;
    }

    /** Four printable ASCII bytes at {@code offset}, or null: the name goes to operators, not raw peer bytes. */
    private static String fourCc(ByteBuf p, int offset) {
        if (p.readableBytes() < offset + 4) {
            return null;
        }
        char[] name = new char[4];
        for (int i = 0; i < 4; i++) {
            int c = p.getUnsignedByte(p.readerIndex() + offset + i);
            if (c < 0x20 || c > 0x7E) {
                return null;
            }
            name[i] = (char) c;
        }
        return new String(name);
    }
}
