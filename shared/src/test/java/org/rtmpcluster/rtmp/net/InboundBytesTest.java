package org.rtmpcluster.rtmp.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.rtmpcluster.rtmp.chunk.ChunkException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a connection holds of a peer's bytes between reads. */
class InboundBytesTest {

    private static ByteBuf bytes(String hex) {
        return Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex));
    }

    @Test
    void aReadDecodedWholeIsUsedInPlaceAndNothingIsHeldAfterIt() {
        InboundBytes inbound = new InboundBytes(1024);
        ByteBuf read = bytes("0102030405");
        ByteBuf unread = inbound.add(read);
        assertSame(read, unread, "no copy of a read");
        unread.skipBytes(5);
        inbound.keepRemainder();
        assertEquals(0, inbound.held());
    }

    @Test
    void aPartialChunkOutlivesTheLentReadAndTheNextReadContinuesIt() {
        InboundBytes inbound = new InboundBytes(1024);
        ByteBuf read = bytes("0102030405");
        inbound.add(read).skipBytes(3);
        inbound.keepRemainder();
        read.setBytes(0, new byte[5]); // the transport reuses or releases what it lent
        assertEquals(2, inbound.held());
        ByteBuf unread = inbound.add(bytes("0607"));
        assertEquals("04050607", ByteBufUtil.hexDump(unread));
    }

    @Test
    void bytesDribbledOneAtATimeArriveInOrder() {
        InboundBytes inbound = new InboundBytes(1 << 20);
        ByteBuf unread = Unpooled.EMPTY_BUFFER;
        for (int i = 0; i < 10_000; i++) {
            unread = inbound.add(Unpooled.wrappedBuffer(new byte[] {(byte) i}));
            inbound.keepRemainder(); // nothing decoded: a chunk of 10,000 bytes still incomplete
        }
        assertEquals(10_000, unread.readableBytes());
        for (int i = 0; i < 10_000; i++) {
            assertEquals((byte) i, unread.getByte(unread.readerIndex() + i));
        }
    }

    @Test
    void moreThanTheBoundUndecodedIsAProtocolError() {
        InboundBytes inbound = new InboundBytes(4);
        inbound.add(bytes("0102030405"));
        ChunkException e = assertThrows(ChunkException.class, inbound::keepRemainder);
        assertTrue(e.getMessage().contains("5 bytes over limit 4"), e.getMessage());
    }

    @Test
    void clearDropsWhatWasHeld() {
        InboundBytes inbound = new InboundBytes(1024);
        inbound.add(bytes("0102"));
        inbound.keepRemainder();
        inbound.clear();
        assertEquals(0, inbound.held());
        assertEquals("03", ByteBufUtil.hexDump(inbound.add(bytes("03"))));
    }
}
