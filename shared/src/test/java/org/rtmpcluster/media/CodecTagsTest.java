package org.rtmpcluster.media;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.rtmpcluster.rtmp.message.MediaMessage;
import org.rtmpcluster.rtmp.message.MessageType;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keyframes and sequence headers in legacy FLV tags and in Enhanced RTMP (ex-header) tags. */
class CodecTagsTest {

    private static MediaMessage video(String hex) {
        return new MediaMessage(MessageType.VIDEO, 0, 1, Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex)));
    }

    private static MediaMessage audio(String hex) {
        return new MediaMessage(MessageType.AUDIO, 0, 1, Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex)));
    }

    @Test
    void legacyAvcSequenceHeaderIsNotAKeyframe() {
        MediaMessage m = video("1700000000014d401f");
        assertTrue(CodecTags.isVideoSequenceHeader(m));
        assertFalse(CodecTags.isVideoKeyframe(m));
    }

    @Test
    void legacyAvcKeyframeAndInterframe() {
        assertTrue(CodecTags.isVideoKeyframe(video("170100000000000a65")));
        assertFalse(CodecTags.isVideoKeyframe(video("270100000000000a41")));
        assertFalse(CodecTags.isVideoSequenceHeader(video("270100000000000a41")));
    }

    @Test
    void enhancedHevcSequenceStartAndCodedKeyframe() {
        // 0x90 = ex-header, frame type 1 (key), packet type 0 (SequenceStart), FourCC "hvc1"
        MediaMessage start = video("9068766331" + "01");
        assertTrue(CodecTags.isVideoSequenceHeader(start));
        assertFalse(CodecTags.isVideoKeyframe(start));
        // 0x93 = ex-header, key frame, packet type 3 (CodedFramesX)
        assertTrue(CodecTags.isVideoKeyframe(video("9368766331" + "0000")));
        // 0xA1 = ex-header, inter frame (2), packet type 1 (CodedFrames)
        assertFalse(CodecTags.isVideoKeyframe(video("A161763031" + "000000")));
    }

    @Test
    void enhancedAv1AndVp9SequenceStarts() {
        assertTrue(CodecTags.isVideoSequenceHeader(video("9061763031" + "81")));
        assertTrue(CodecTags.isVideoSequenceHeader(video("9076703039" + "01")));
    }

    @Test
    void aacSequenceHeaderAndRawFrame() {
        assertTrue(CodecTags.isAudioSequenceHeader(audio("af001210")));
        assertFalse(CodecTags.isAudioSequenceHeader(audio("af01211b")));
    }

    @Test
    void enhancedAudioSequenceStart() {
        // sound format 9 (ex-header), packet type 0 (SequenceStart), FourCC "Opus"
        assertTrue(CodecTags.isAudioSequenceHeader(audio("904f707573" + "00")));
        assertFalse(CodecTags.isAudioSequenceHeader(audio("914f707573" + "00")));
    }

    @Test
    void sequenceHeadersNameTheirCodecLegacyByNameEnhancedByFourCc() {
        assertEquals("H264", CodecTags.videoCodec(video("1700000000014d401f")));
        assertEquals("H265", CodecTags.videoCodec(video("1c00000000")));
        assertEquals("hvc1", CodecTags.videoCodec(video("9068766331" + "01")));
        assertEquals("av01", CodecTags.videoCodec(video("9061763031" + "81")));
        assertEquals("vp09", CodecTags.videoCodec(video("9076703039" + "01")));
        // 0x96 = ex-header, multitrack; then one-track type (0) with sequence start (0), the track's FourCC
        assertEquals("av01", CodecTags.videoCodec(video("96" + "00" + "61763031" + "00")));
        assertEquals("AAC", CodecTags.audioCodec(audio("af001210")));
        assertEquals("Opus", CodecTags.audioCodec(audio("904f707573" + "00")));
    }

    @Test
    void aFourCcThatIsNotPrintableOrIsCutShortNamesNoCodec() {
        assertNull(CodecTags.videoCodec(video("90680a6331" + "01")));
        assertNull(CodecTags.videoCodec(video("906876")));
        assertNull(CodecTags.audioCodec(audio("904f70")));
    }

    @Test
    void emptyAndOneByteTagsAreNeitherKeyframesNorHeaders() {
        assertFalse(CodecTags.isVideoKeyframe(video("")));
        assertFalse(CodecTags.isVideoSequenceHeader(video("17")));
        assertFalse(CodecTags.isAudioSequenceHeader(audio("af")));
    }
}
