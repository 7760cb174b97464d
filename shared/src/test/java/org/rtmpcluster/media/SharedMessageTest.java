package org.rtmpcluster.media;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.rtmpcluster.rtmp.chunk.ChunkEncoder;
import org.rtmpcluster.rtmp.message.MediaMessage;
import org.rtmpcluster.rtmp.message.Messages;
import org.rtmpcluster.testing.SyntheticMedia;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A player on any message stream id gets the same bytes an encoding of its own would give, from the shared body. */
class SharedMessageTest {
    private final SyntheticMedia media = new SyntheticMedia(11);

    @Test
    void playerOnAnotherStreamIdGetsExactlyItsOwnEncoding() {
        // Three chunks at the shared chunk size, so continuation headers are part of the shared body.
        assertSameAsOwnEncoding(media.keyframe(40, 3 * SharedMessage.OUT_CHUNK_SIZE + 17), 3);
    }

    @Test
    void extendedTimestampsAreKeptForAnotherStreamId() {
        assertSameAsOwnEncoding(media.interframe(0x1_0000_00L + 5, 2 * SharedMessage.OUT_CHUNK_SIZE), 7);
    }

    @Test
    void defaultStreamIdSharesTheEncodingItself() {
        MediaMessage m = media.audioFrame(20);
        SharedMessage shared = SharedMessage.encode(m.withPayload(m.payload().retainedDuplicate()), false);
        ByteBuf wire = shared.wireBytes(SharedMessage.DEFAULT_STREAM_ID);
        assertEquals(hex(ownEncoding(m, SharedMessage.DEFAULT_STREAM_ID)), hex(wire));
        wire.release();
        shared.release();
        m.payload().release();
    }

    private static void assertSameAsOwnEncoding(MediaMessage m, int streamId) {
        SharedMessage shared = SharedMessage.encode(m.withPayload(m.payload().retainedDuplicate()), false);
        ByteBuf wire = shared.wireBytes(streamId);
        assertEquals(hex(ownEncoding(m, streamId)), hex(wire));
        wire.release();
        shared.release();
        m.payload().release();
    }

    private static ByteBuf ownEncoding(MediaMessage m, int streamId) {
        ByteBuf out = Unpooled.buffer();
        ChunkEncoder.encode(Messages.media(m, streamId), SharedMessage.OUT_CHUNK_SIZE, out);
        return out;
    }

    private static String hex(ByteBuf b) {
        return ByteBufUtil.hexDump(b);
    }
}
