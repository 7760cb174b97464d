package org.rtmpcluster.rtmp.message;

import static org.rtmpcluster.testing.SeedCorpus.hex;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rtmpcluster.rtmp.chunk.RawMessage;
import org.rtmpcluster.testing.SeedCorpus;

/**
 * Seeds for {@link MessageDecoderFuzzTest}, each the type id byte and then the payload: every protocol control
 * message, user control events, media including Enhanced RTMP video, commands in AMF0 and AMF3, aggregates, ignored
 * types, and the truncations the decoder refuses.
 */
public final class MessageSeeds {

    private MessageSeeds() {
    }

    public static void writeTo(SeedCorpus corpus) throws IOException {
        Map<String, Object> connectObject = new LinkedHashMap<>();
        connectObject.put("app", "live");
        connectObject.put("tcUrl", "rtmp://localhost:1935/live");
        connectObject.put("objectEncoding", 3.0);
        byte[] connect = payload(Messages.command(0, "connect", 1, connectObject));

        Map<String, byte[]> seeds = new LinkedHashMap<>();
        seeds.put("set-chunk-size-4096", hex("01 00001000"));
        seeds.put("set-chunk-size-truncated", hex("01 0010"));
        seeds.put("abort", hex("02 00000004"));
        seeds.put("acknowledgement", hex("03 fffffff0"));
        seeds.put("user-control-stream-begin", hex("04 0000 00000001"));
        seeds.put("user-control-set-buffer-length", hex("04 0003 00000001 00000bb8"));
        seeds.put("user-control-ping-request", hex("04 0006 12345678"));
        seeds.put("user-control-truncated", hex("04 00"));
        seeds.put("window-ack-size", hex("05 002625a0"));
        seeds.put("set-peer-bandwidth-dynamic", hex("06 002625a0 02"));
        seeds.put("set-peer-bandwidth-truncated", hex("06 002625a0"));
        seeds.put("audio-aac-sequence-header", hex("08 af00 1210"));
        seeds.put("video-avc-sequence-header", hex("09 1700 000000 0164001f ffe1 0004 6764001f 01 0002 68eb"));
        seeds.put("video-enhanced-hevc-sequence-start", hex("09 90 68766331 01"));
        seeds.put("data-amf3", hex("0f 00 02 0003 616263"));
        seeds.put("connect-command-amf0", SeedCorpus.join(hex("14"), connect));
        seeds.put("connect-command-amf3", SeedCorpus.join(hex("11 00"), connect));
        seeds.put("play-command", SeedCorpus.join(hex("14"),
                payload(Messages.command(1, "play", 0, null, "cam?token=1", -2.0))));
        seeds.put("command-without-name", hex("14 00 3ff0000000000000"));
        seeds.put("command-truncated-string", hex("14 02 ffff 61"));
        seeds.put("command-amf3-without-format-byte", hex("11"));
        seeds.put("aggregate-audio-then-video", hex("16",
                "08 000003 0003e8 00 000000 af0102 0000000e",
                "09 000002 000410 00 000000 2701 0000000d"));
        seeds.put("aggregate-truncated-tag-header", hex("16 0900"));
        seeds.put("aggregate-tag-overruns-message", hex("16 09 0000ff 000000 00 000000 2701 00000000"));
        seeds.put("shared-object-ignored", hex("13 0000"));
        seeds.put("unknown-type-ignored", hex("ff 0102"));
        corpus.write(MessageDecoderFuzzTest.class, seeds);
    }

    private static byte[] payload(RawMessage message) {
        ByteBuf payload = message.payload();
        try {
            return ByteBufUtil.getBytes(payload);
        } finally {
            payload.release();
        }
    }
}
