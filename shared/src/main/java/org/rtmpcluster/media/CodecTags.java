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
}
