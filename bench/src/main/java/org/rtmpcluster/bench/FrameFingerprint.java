package org.rtmpcluster.bench;

import io.netty.buffer.ByteBuf;

/**
 * A cheap fingerprint of a video frame's payload: its length and three 8-byte samples (a third in, two thirds in,
 * the end). Compressed frames differ everywhere, so this tells the frames of one pass of the source apart while a
 * thousand players can afford it on every frame (hashing whole frames would cost more CPU than the server under
 * test). It lets a player recognise a frame even if a server rewrote its timestamp.
 */
final class FrameFingerprint {
    private static final long MIX = 0x9E3779B97F4A7C15L;

    private FrameFingerprint() {
    }

    static long of(ByteBuf payload) {
        int start = payload.readerIndex();
        int length = payload.readableBytes();
        long h = length * MIX;
        if (length >= 8) {
            h = mix(h, payload.getLong(start + Math.min(length / 3, length - 8)));
            h = mix(h, payload.getLong(start + Math.min(2 * length / 3, length - 8)));
            h = mix(h, payload.getLong(start + length - 8));
        } else {
            for (int i = 0; i < length; i++) {
                h = mix(h, payload.getByte(start + i));
            }
        }
        return h;
    }

    private static long mix(long h, long v) {
        h ^= v;
        h *= MIX;
        return h ^ (h >>> 29);
    }
}
