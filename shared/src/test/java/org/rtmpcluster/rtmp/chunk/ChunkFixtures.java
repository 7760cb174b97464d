package org.rtmpcluster.rtmp.chunk;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;

/** Hex fixtures and feeding helpers shared by the chunk tests. */
final class ChunkFixtures {

    private ChunkFixtures() {
    }

    /** Concatenates hex strings, ignoring whitespace, into a fresh buffer. */
    static ByteBuf hex(String... parts) {
        return Unpooled.wrappedBuffer(bytes(parts));
    }

    static byte[] bytes(String... parts) {
        return ByteBufUtil.decodeHexDump(String.join("", parts).replaceAll("\\s", ""));
    }

    /** Hex of {@code n} payload bytes counting up from {@code seed}, so consecutive fillers join seamlessly. */
    static String filler(int n, int seed) {
        StringBuilder sb = new StringBuilder(n * 2);
        for (int i = 0; i < n; i++) {
            sb.append(String.format("%02x", (seed + i) & 0xFF));
        }
        return sb.toString();
    }

    static String hexOf(ByteBuf buf) {
        return ByteBufUtil.hexDump(buf);
    }

    /** A message as one comparable line: chunk stream / type / timestamp / message stream / payload hex. */
    static String describe(RawMessage m) {
        return m.chunkStreamId() + "/" + m.typeId() + "/" + m.timestamp() + "/" + m.messageStreamId() + "/"
                + hexOf(m.payload());
    }

    static List<RawMessage> decode(ChunkDecoder decoder, ByteBuf in) {
        List<RawMessage> out = new ArrayList<>();
        decoder.decode(in, out::add);
        return out;
    }

    static List<RawMessage> decodeAll(String... hex) {
        return decode(new ChunkDecoder(ChunkLimits.DEFAULT), hex(hex));
    }

    /** Decodes {@code stream} fed in pieces of the given sizes (the last piece takes the rest), releasing payloads. */
    static List<String> feedInPieces(ChunkDecoder decoder, byte[] stream, int[] pieceSizes) {
        List<String> described = new ArrayList<>();
        ByteBuf pending = Unpooled.buffer();
        int offset = 0;
        for (int i = 0; offset < stream.length; i++) {
            int n = i < pieceSizes.length ? Math.min(pieceSizes[i], stream.length - offset) : stream.length - offset;
            pending.writeBytes(stream, offset, n);
            offset += n;
            decoder.decode(pending, m -> {
                described.add(describe(m));
                m.payload().release();
            });
            pending.discardReadBytes();
        }
        return described;
    }

    static List<String> describeAndRelease(List<RawMessage> messages) {
        List<String> described = new ArrayList<>();
        for (RawMessage m : messages) {
            described.add(describe(m));
            m.payload().release();
        }
        return described;
    }
}
