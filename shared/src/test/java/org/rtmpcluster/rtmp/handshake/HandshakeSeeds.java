package org.rtmpcluster.rtmp.handshake;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.rtmpcluster.testing.SeedCorpus;

/**
 * Seeds for {@link ServerHandshakeFuzzTest} (what a client sends) and {@link ClientHandshakeFuzzTest} (what a
 * server sends): plain and digest first packets in both schemes, as librtmp, ffmpeg and our own two sides build
 * them, broken digests, refused versions, short reads, and chunk bytes after the handshake.
 */
public final class HandshakeSeeds {

    private static final int SIZE = ServerHandshake.PACKET_SIZE;
    /** A Set Chunk Size 4096 on chunk stream 2: the first chunk many peers send after the handshake. */
    private static final byte[] SET_CHUNK_SIZE = SeedCorpus.hex("02 000000 000004 01 00000000 00001000");

    private HandshakeSeeds() {
    }

    public static void writeTo(SeedCorpus corpus) throws IOException {
        corpus.write(ServerHandshakeFuzzTest.class, fromClients());
        corpus.write(ClientHandshakeFuzzTest.class, fromServers());
    }

    private static Map<String, byte[]> fromClients() {
        byte[] plainC1 = withVersion(HandshakeDigestTest.randomPacket(1), 0);
        byte[] c2 = HandshakeDigestTest.randomPacket(2);
        byte[] flashScheme0 = ReferenceHandshake.librtmpC1(HandshakeDigestTest.randomPacket(3), 777, false);
        byte[] flashScheme1 = ReferenceHandshake.librtmpC1(HandshakeDigestTest.randomPacket(4), 777, true);
        byte[] broken = flashScheme0.clone();
        broken[SIZE - 1] ^= 1;
        byte[] zeroVersionWithDigest = plainC1.clone();
        HandshakeDigest.imprint(zeroVersionWithDigest, DigestScheme.SCHEME_0, HandshakeDigest.PLAYER_OPEN_KEY);
        byte[] ones = new byte[SIZE];
        Arrays.fill(ones, (byte) 0xFF);

        Map<String, byte[]> seeds = new LinkedHashMap<>();
        seeds.put("plain-c0c1", SeedCorpus.join(c0(3), plainC1));
        seeds.put("plain-c0c1c2", SeedCorpus.join(c0(3), plainC1, c2));
        seeds.put("plain-c0c1c2-then-set-chunk-size", SeedCorpus.join(c0(3), plainC1, c2, SET_CHUNK_SIZE));
        seeds.put("digest-c1-flash-scheme0", SeedCorpus.join(c0(3), flashScheme0, c2));
        seeds.put("digest-c1-flash-scheme1", SeedCorpus.join(c0(3), flashScheme1, c2));
        seeds.put("digest-c1-our-client-scheme0", SeedCorpus.join(ourClientC0C1(DigestScheme.SCHEME_0), c2));
        seeds.put("digest-c1-our-client-scheme1", SeedCorpus.join(ourClientC0C1(DigestScheme.SCHEME_1), c2));
        seeds.put("digest-c1-broken", SeedCorpus.join(c0(3), broken, c2));
        seeds.put("zero-version-c1-with-valid-digest", SeedCorpus.join(c0(3), zeroVersionWithDigest, c2));
        seeds.put("all-zero-c1", SeedCorpus.join(c0(3), new byte[SIZE], c2));
        seeds.put("all-ones-c1", SeedCorpus.join(c0(3), ones, ones));
        seeds.put("short-c1", SeedCorpus.join(c0(3), Arrays.copyOf(plainC1, 100)));
        seeds.put("c0-only", c0(3));
        seeds.put("rtmpe-c0-6", SeedCorpus.join(c0(6), flashScheme0));
        seeds.put("rtmpe-c0-9", SeedCorpus.join(c0(9), flashScheme0));
        seeds.put("c0-version-255", SeedCorpus.join(c0(255), plainC1));
        return seeds;
    }

    private static Map<String, byte[]> fromServers() {
        byte[] plainS1 = withVersion(HandshakeDigestTest.randomPacket(5), 0);
        byte[] s2 = HandshakeDigestTest.randomPacket(6);
        byte[] librtmpScheme0 = ReferenceHandshake.librtmpS1(HandshakeDigestTest.randomPacket(7), false);
        byte[] librtmpScheme1 = ReferenceHandshake.librtmpS1(HandshakeDigestTest.randomPacket(8), true);
        byte[] broken = librtmpScheme1.clone();
        broken[0] ^= 1;

        Map<String, byte[]> seeds = new LinkedHashMap<>();
        seeds.put("plain-s0s1s2", SeedCorpus.join(c0(3), plainS1, s2));
        seeds.put("plain-s0s1s2-then-set-chunk-size", SeedCorpus.join(c0(3), plainS1, s2, SET_CHUNK_SIZE));
        seeds.put("digest-s1-librtmp-scheme0", SeedCorpus.join(c0(3), librtmpScheme0, s2));
        seeds.put("digest-s1-librtmp-scheme1", SeedCorpus.join(c0(3), librtmpScheme1, s2));
        seeds.put("digest-s1-broken", SeedCorpus.join(c0(3), broken, s2));
        seeds.put("our-server-digest-answer", ourServerAnswer(ourClientC0C1(DigestScheme.SCHEME_0)));
        byte[] plainC0C1 = SeedCorpus.join(c0(3), withVersion(HandshakeDigestTest.randomPacket(9), 0));
        seeds.put("our-server-plain-answer", ourServerAnswer(plainC0C1));
        seeds.put("short-s1", SeedCorpus.join(c0(3), Arrays.copyOf(plainS1, 100)));
        seeds.put("s0-only", c0(3));
        seeds.put("rtmpe-s0-6", SeedCorpus.join(c0(6), plainS1));
        seeds.put("s0-version-255", SeedCorpus.join(c0(255), plainS1));
        return seeds;
    }

    private static byte[] ourClientC0C1(DigestScheme scheme) {
        ByteBuf out = Unpooled.buffer();
        try {
            new ClientHandshake(new SplittableRandom(10), 1234, scheme).start(out);
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    /** S0+S1+S2 as our server answers {@code c0c1}. */
    private static byte[] ourServerAnswer(byte[] c0c1) {
        ByteBuf in = Unpooled.wrappedBuffer(c0c1);
        ByteBuf out = Unpooled.buffer();
        try {
            new ServerHandshake(new SplittableRandom(12), 5678).feed(in, out);
            return ByteBufUtil.getBytes(out);
        } finally {
            in.release();
            out.release();
        }
    }

    private static byte[] withVersion(byte[] packet, int version) {
        byte[] copy = packet.clone();
        copy[4] = (byte) (version >>> 24);
        copy[5] = (byte) (version >>> 16);
        copy[6] = (byte) (version >>> 8);
        copy[7] = (byte) version;
        return copy;
    }

    private static byte[] c0(int version) {
        return new byte[] {(byte) version};
    }
}
