package org.rtmpcluster.rtmp.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.rtmpcluster.rtmp.chunk.ChunkException;

/**
 * The bytes read from a peer and not decoded yet. A read is only lent to the connection, so what a decode leaves
 * at its end (a partial chunk) is copied into a buffer of our own, within the connection's bound. Between reads of
 * whole chunks, which is the usual case, nothing is held.
 *
 * <p>Appending grows one buffer (amortized, like Netty's merge cumulator), so a peer dribbling a large chunk a
 * byte at a time costs linear, not quadratic, copying. Decoded messages are copies, so unread bytes may move.
 */
final class InboundBytes {
    private final int maxBufferedBytes;
    private ByteBuf unread = Unpooled.EMPTY_BUFFER;
    /** Our own buffer, once a remainder had to be kept; {@link #unread} is it or the lent read. */
    private ByteBuf cumulation = Unpooled.EMPTY_BUFFER;

    InboundBytes(int maxBufferedBytes) {
        this.maxBufferedBytes = maxBufferedBytes;
    }

    /** Adds a lent read: the bytes to decode now, valid until {@link #keepRemainder()}. */
    ByteBuf add(ByteBuf read) {
        if (!unread.isReadable()) {
            unread = read;
            return unread;
        }
        if (unread != cumulation || cumulation.writableBytes() < read.readableBytes()) {
            int needed = unread.readableBytes() + read.readableBytes();
            cumulation = Unpooled.buffer(Math.max(2 * needed, 256)).writeBytes(unread);
        }
        unread = cumulation.writeBytes(read);
        return unread;
    }

    /**
     * After a decode: keeps what it left unread, copied out of the lent read.
     *
     * @throws ChunkException when more than the bound would be held
     */
    void keepRemainder() {
        if (unread.readableBytes() > maxBufferedBytes) {
            throw new ChunkException("partial chunk of " + unread.readableBytes() + " bytes over limit "
                    + maxBufferedBytes);
        }
        if (!unread.isReadable()) {
            clear();
        } else if (unread != cumulation) {
            cumulation = Unpooled.buffer(Math.max(2 * unread.readableBytes(), 256)).writeBytes(unread);
            unread = cumulation;
        }
    }

    /** Bytes held between reads. */
    int held() {
        return unread == cumulation ? unread.readableBytes() : 0;
    }

    void clear() {
        unread = Unpooled.EMPTY_BUFFER;
        cumulation = Unpooled.EMPTY_BUFFER;
    }
}
