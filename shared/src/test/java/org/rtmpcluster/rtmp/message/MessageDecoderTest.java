package org.rtmpcluster.rtmp.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.rtmpcluster.rtmp.amf.Amf0;
import org.rtmpcluster.rtmp.amf.AmfLimits;
import org.rtmpcluster.rtmp.chunk.RawMessage;

import java.util.HexFormat;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Typed messages from raw ones, with byte fixtures. */
class MessageDecoderTest {
    private final MessageDecoder decoder = new MessageDecoder(AmfLimits.DEFAULT);

    private RtmpMessage decode(int type, long ts, String hex) {
        ByteBuf p = Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex));
        return decoder.decode(new RawMessage(3, type, ts, 1, p));
    }

    @Test
    void protocolControlMessages() {
        assertEquals(new SetChunkSize(4096), decode(1, 0, "00001000"));
        assertEquals(new Acknowledgement(0xFFFFFFF0L), decode(3, 0, "fffffff0"));
        assertEquals(new WindowAckSize(2_500_000), decode(5, 0, "002625a0"));
        assertEquals(new SetPeerBandwidth(2_500_000, 2), decode(6, 0, "002625a002"));
    }

    @Test
    void userControlEvents() {
        assertEquals(new UserControl(UserControl.STREAM_BEGIN, 1, 0), decode(4, 0, "000000000001"));
        assertEquals(new UserControl(UserControl.SET_BUFFER_LENGTH, 1, 3000), decode(4, 0, "00030000000100000bb8"));
        assertEquals(new UserControl(UserControl.PING_REQUEST, 0x12345678L, 0), decode(4, 0, "000612345678"));
    }

    @Test
    void truncatedControlMessageIsRefused() {
        assertThrows(MessageException.class, () -> decode(1, 0, "0010"));
        assertThrows(MessageException.class, () -> decode(6, 0, "002625a0"));
    }

    @Test
    void amf0CommandWithNullCommandObjectAndArguments() {
        ByteBuf p = Unpooled.buffer();
        Amf0.encodeAll(p, "play", 0.0, null, "cam?token=1", -2.0);
        Command c = (Command) decoder.decode(new RawMessage(8, 20, 0, 1, p));
        assertEquals("play", c.name());
        assertEquals(1, c.messageStreamId());
        assertEquals("cam?token=1", c.stringArg(0));
        assertEquals(-2.0, c.numberArg(1, 0));
    }

    @Test
    void amf3CommandStartsWithAFormatByte() {
        ByteBuf p = Unpooled.buffer().writeByte(0);
        Amf0.encodeAll(p, "connect", 1.0, Map.of("app", "live"));
        Command c = (Command) decoder.decode(new RawMessage(3, 17, 0, 0, p));
        assertEquals("connect", c.name());
        assertEquals("live", c.property("app"));
    }

    @Test
    void commandWithoutANameIsRefused() {
        assertThrows(MessageException.class, () -> decode(20, 0, "003ff0000000000000"));
        assertThrows(MessageException.class, () -> decode(20, 0, ""));
    }

    @Test
    void aggregateIsSplitWithTimestampsRebasedOnTheMessage() {
        // Two FLV tags: audio at tag time 1000 (3 bytes), video at tag time 1040 (2 bytes), each with the
        // 4-byte previous-tag-size after it. The aggregate's own timestamp is 5000.
        String audio = "08" + "000003" + "0003e8" + "00" + "000000" + "af0102" + "0000000e";
        String video = "09" + "000002" + "000410" + "00" + "000000" + "2701" + "0000000d";
        Aggregate a = (Aggregate) decode(22, 5000, audio + video);
        assertEquals(2, a.messages().size());
        MediaMessage first = a.messages().get(0);
        MediaMessage second = a.messages().get(1);
        assertTrue(first.isAudio());
        assertEquals(5000, first.timestamp());
        assertEquals("af0102", HexFormat.of().formatHex(bytes(first.payload())));
        assertTrue(second.isVideo());
        assertEquals(5040, second.timestamp());
    }

    @Test
    void aggregateWhoseTagOverrunsTheMessageIsRefused() {
        String lying = "09" + "0000ff" + "000000" + "00" + "000000" + "2701" + "00000000";
        assertThrows(MessageException.class, () -> decode(22, 0, lying));
        assertThrows(MessageException.class, () -> decode(22, 0, "0900"));
    }

    @Test
    void unknownTypesAreIgnoredNotFatal() {
        assertEquals(new Ignored(19, 2), decode(19, 0, "0000"));
    }

    private static byte[] bytes(ByteBuf b) {
        byte[] out = new byte[b.readableBytes()];
        b.getBytes(b.readerIndex(), out);
        return out;
    }
}
