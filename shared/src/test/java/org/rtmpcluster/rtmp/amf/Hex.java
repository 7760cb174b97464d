package org.rtmpcluster.rtmp.amf;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

/** Byte fixtures written as hex, spaces allowed, so they read like a capture. */
final class Hex {

    private Hex() {
    }

    static ByteBuf buf(String hex) {
        return Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex.replaceAll("\\s+", "")));
    }

    static String of(ByteBuf buf) {
        return ByteBufUtil.hexDump(buf);
    }

    static String normalized(String hex) {
        return hex.replaceAll("\\s+", "").toLowerCase();
    }
}
