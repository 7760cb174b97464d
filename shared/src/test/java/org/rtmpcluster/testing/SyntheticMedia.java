package org.rtmpcluster.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.rtmpcluster.rtmp.amf.Amf0;
import org.rtmpcluster.rtmp.amf.AmfEcmaArray;
import org.rtmpcluster.rtmp.message.MediaMessage;
import org.rtmpcluster.rtmp.message.MessageType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * FLV-shaped media for tests: AVC/AAC sequence headers, keyframes every {@code gop} frames, audio between video
 * frames, metadata and cue points. Payload bytes after the tag headers are random, so every message is distinct.
 */
public final class SyntheticMedia {
    private final Random random;

    public SyntheticMedia(long seed) {
        this.random = new Random(seed);
    }

    public static MediaMessage metadata(long ts) {
        AmfEcmaArray meta = new AmfEcmaArray();
        meta.put("width", 320.0);
        meta.put("height", 240.0);
        meta.put("videocodecid", 7.0);
        meta.put("audiocodecid", 10.0);
        return data(ts, "@setDataFrame", "onMetaData", meta);
    }

    public static MediaMessage cuePoint(long ts, String name) {
        Map<String, Object> cue = new LinkedHashMap<>();
        cue.put("name", name);
        cue.put("time", ts / 1000.0);
        cue.put("type", "event");
        return data(ts, "onCuePoint", cue);
    }

    public static MediaMessage textData(long ts, String text) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("text", text);
        data.put("language", "eng");
        return data(ts, "onTextData", data);
    }

    /** An AMF0 data message (type 18) of these values, such as a server's {@code "|RtmpSampleAccess", true, true}. */
    public static MediaMessage data(long ts, Object... values) {
        ByteBuf p = Unpooled.buffer();
        Amf0.encodeAll(p, values);
        return new MediaMessage(MessageType.DATA_AMF0, ts, 1, p);
    }

    public MediaMessage videoSequenceHeader(long ts) {
        return video(ts, 0x17, 0x00, 40);
    }

    public MediaMessage audioSequenceHeader(long ts) {
        return audio(ts, 0x00, 4);
    }

    public MediaMessage keyframe(long ts, int size) {
        return video(ts, 0x17, 0x01, size);
    }

    public MediaMessage interframe(long ts, int size) {
        return video(ts, 0x27, 0x01, size);
    }

    public MediaMessage audioFrame(long ts) {
        return audio(ts, 0x01, 200 + random.nextInt(100));
    }

    /**
     * {@code seconds} of a 25 fps stream with a keyframe every {@code gop} frames, audio every ~23 ms, a cue point
     * every second; headers first.
     */
    public List<MediaMessage> stream(long startTs, int seconds, int gop) {
        List<MediaMessage> out = new ArrayList<>();
        out.add(metadata(startTs));
        out.add(videoSequenceHeader(startTs));
        out.add(audioSequenceHeader(startTs));
        long nextAudio = startTs;
        for (int frame = 0; frame < seconds * 25; frame++) {
            long ts = startTs + frame * 40L;
            while (nextAudio <= ts) {
                out.add(audioFrame(nextAudio));
                nextAudio += 23;
            }
            out.add(frame % gop == 0 ? keyframe(ts, 6000 + random.nextInt(3000)) : interframe(ts, 300 + random.nextInt(900)));
            if (frame % 25 == 0) {
                out.add(cuePoint(ts, "cue" + frame / 25));
            }
        }
        return out;
    }

    /**
     * An Enhanced RTMP HEVC tag: ex-header bit, frame type and packet type in the first byte, then the FourCC
     * "hvc1" (packet type 0 = sequence start, 3 = coded frames without composition time).
     */
    public MediaMessage enhancedHevc(long ts, boolean keyframe, int packetType, int size) {
        ByteBuf p = Unpooled.buffer(size);
        p.writeByte(0x80 | (keyframe ? 0x10 : 0x20) | packetType).writeBytes(new byte[] {'h', 'v', 'c', '1'});
        fill(p, size - 5);
        return new MediaMessage(MessageType.VIDEO, ts, 1, p);
    }

    private MediaMessage video(long ts, int first, int second, int size) {
        ByteBuf p = Unpooled.buffer(size);
        p.writeByte(first).writeByte(second).writeMedium(0);
        fill(p, size - 5);
        return new MediaMessage(MessageType.VIDEO, ts, 1, p);
    }

    private MediaMessage audio(long ts, int packetType, int size) {
        ByteBuf p = Unpooled.buffer(size);
        p.writeByte(0xAF).writeByte(packetType);
        fill(p, size - 2);
        return new MediaMessage(MessageType.AUDIO, ts, 1, p);
    }

    private void fill(ByteBuf p, int n) {
        byte[] b = new byte[Math.max(0, n)];
        random.nextBytes(b);
        p.writeBytes(b);
    }
}
