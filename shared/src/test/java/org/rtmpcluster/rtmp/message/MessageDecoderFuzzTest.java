package org.rtmpcluster.rtmp.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.rtmpcluster.rtmp.amf.AmfLimits;
import org.rtmpcluster.rtmp.chunk.RawMessage;

/**
 * Fuzz target: one reassembled message from a peer, as the chunk layer hands it on. The input is the message type id
 * (one byte) followed by the payload. Whatever they are, the decoder returns a message of that type or refuses it
 * with a {@link MessageException}, nothing else; media passes through byte for byte; an aggregate's sub-messages lie
 * inside its payload; and once the caller releases the raw payload and the payloads it was given, no reference to
 * the raw payload remains, refused or not. Seeds are in {@code MessageDecoderFuzzTestInputs/}.
 */
class MessageDecoderFuzzTest {

    private static final long TIMESTAMP = 40_000;
    private static final int MESSAGE_STREAM = 1;

    private final MessageDecoder decoder = new MessageDecoder(AmfLimits.DEFAULT);

    @FuzzTest
    void rawMessageDecodesToItsTypeOrIsRefusedWithoutLeaking(byte[] typeAndPayload) {
        if (typeAndPayload.length == 0) {
            return;
        }
        int type = typeAndPayload[0] & 0xFF;
        ByteBuf payload = Unpooled.buffer(typeAndPayload.length - 1).writeBytes(typeAndPayload, 1,
                typeAndPayload.length - 1);
        try {
            RtmpMessage message = decoder.decode(new RawMessage(3, type, TIMESTAMP, MESSAGE_STREAM, payload));
            try {
                assertFits(type, payload, message);
            } finally {
                release(message);
            }
        } catch (MessageException refused) {
            // the one refusal a peer's message may get
        } finally {
            payload.release();
        }
        assertEquals(0, payload.refCnt(), "references to the raw payload left after every release");
    }

    private static void assertFits(int type, ByteBuf payload, RtmpMessage message) {
        if (message instanceof MediaMessage m) {
            assertEquals(type, m.typeId());
            assertEquals(ByteBufUtil.hexDump(payload), ByteBufUtil.hexDump(m.payload()), "media byte for byte");
        } else if (message instanceof Aggregate a) {
            assertEquals(MessageType.AGGREGATE, type);
            long inside = 0;
            for (MediaMessage m : a.messages()) {
                assertTrue(m.isAudio() || m.isVideo() || m.isData(), () -> "sub-message type " + m.typeId());
                inside += m.payload().readableBytes();
            }
            assertTrue(inside <= payload.readableBytes(), "sub-messages lie inside the aggregate");
        } else if (message instanceof Command c) {
            assertTrue(type == MessageType.COMMAND_AMF0 || type == MessageType.COMMAND_AMF3, () -> "type " + type);
            assertNotNull(c.name());
            assertEquals(MESSAGE_STREAM, c.messageStreamId());
        } else if (message instanceof Ignored i) {
            assertEquals(payload.readableBytes(), i.length());
        } else {
            assertTrue(type <= MessageType.SET_PEER_BANDWIDTH, () -> message + " from type " + type);
        }
    }

    private static void release(RtmpMessage message) {
        if (message instanceof MediaMessage m) {
            m.payload().release();
        } else if (message instanceof Aggregate a) {
            a.messages().forEach(m -> m.payload().release());
        }
    }
}
