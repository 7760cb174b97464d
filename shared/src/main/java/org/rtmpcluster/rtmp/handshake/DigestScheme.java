package org.rtmpcluster.rtmp.handshake;

/**
 * Where a Flash Player 9+ ("complex") handshake packet hides its 32-byte HMAC-SHA256 digest.
 *
 * <p>The 1536-byte packet is time(4) + version(4) + two 764-byte blocks. The digest lives in one block; its
 * offset is read from the first 4 bytes of that block: {@code sum(those 4 bytes) % 728 + base + 4}. In scheme 0
 * the digest block comes first (base 8, librtmp {@code GetDigestOffset1}, ffmpeg {@code calc_digest_pos(buf, 8,
 * 728, 12)}); in scheme 1 the key block comes first and the digest block starts at 772 (librtmp
 * {@code GetDigestOffset2}, what ffmpeg uses for RTMPE). SRS numbers them the other way round: its "schema0"
 * (key first) is our scheme 1.
 */
public enum DigestScheme {
    /** Digest block first: offset bytes at 8..11, digest somewhere in 12..771. */
    SCHEME_0(8),
    /** Key block first: offset bytes at 772..775, digest somewhere in 776..1535. */
    SCHEME_1(772);

    private final int offsetBase;

    DigestScheme(int offsetBase) {
        this.offsetBase = offsetBase;
    }

    /** Index of the 4 bytes whose sum places the digest. */
    int offsetBase() {
        return offsetBase;
    }
}
