package org.rtmpcluster.rtmp.handshake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rtmpcluster.rtmp.handshake.ReferenceHandshake.ClientVerdict;

class ServerHandshakeTest {

    private static final int SIZE = ServerHandshake.PACKET_SIZE;
    private static final int SERVER_UPTIME = 0x01020304;

    private static ServerHandshake newServer() {
        return new ServerHandshake(new SplittableRandom(99), SERVER_UPTIME);
    }

    /** A plain C1 as RTMP 1.0 §5.2.3 describes it: time, four zero bytes, random. */
    private static byte[] plainC1() {
        byte[] c1 = HandshakeDigestTest.randomPacket(1);
        c1[0] = 0;
        c1[1] = 0;
        c1[2] = 0x12;
        c1[3] = 0x34;
        Arrays.fill(c1, 4, 8, (byte) 0);
        return c1;
    }

    /** The server's whole answer to C0 + {@code c1}: S0, S1, S2 split into arrays. */
    private record Answer(int s0, byte[] s1, byte[] s2) {
        static Answer of(ByteBuf out) {
            assertEquals(1 + 2 * SIZE, out.readableBytes(), "S0+S1+S2 length");
            int s0 = out.readUnsignedByte();
            byte[] s1 = new byte[SIZE];
            byte[] s2 = new byte[SIZE];
            out.readBytes(s1).readBytes(s2);
            return new Answer(s0, s1, s2);
        }
    }

    private static Answer answerTo(ServerHandshake server, byte[] c1) {
        ByteBuf in = Unpooled.buffer().writeByte(3).writeBytes(c1);
        ByteBuf out = Unpooled.buffer();
        assertFalse(server.feed(in, out), "done before C2");
        assertEquals(0, in.readableBytes(), "C0+C1 consumed");
        return Answer.of(out);
    }

    @Test
    void serverEchoesPlainC1InS2() {
        byte[] c1 = plainC1();
        ServerHandshake server = newServer();

        Answer answer = answerTo(server, c1);

        assertArrayEquals(c1, answer.s2());
        assertFalse(server.usedDigest());
    }

    @Test
    void serverAnswersS0WithVersion3() {
        assertEquals(3, answerTo(newServer(), plainC1()).s0());
    }

    @Test
    void plainS1CarriesServerTimeAndZeroVersionSoClientsSkipDigestChecks() {
        byte[] s1 = answerTo(newServer(), plainC1()).s1();

        assertEquals("0102030400000000", ByteBufUtil.hexDump(s1, 0, 8));
    }

    @Test
    void serverRefusesRtmpeVersion6WithClearMessage() {
        HandshakeException e = assertThrows(HandshakeException.class,
                () -> newServer().feed(Unpooled.wrappedBuffer(new byte[] {6}), Unpooled.buffer()));
        assertEquals("unsupported RTMP version 6 (RTMPE is not supported)", e.getMessage());
    }

    @Test
    void serverRefusesVersion255WithTheValueSeen() {
        HandshakeException e = assertThrows(HandshakeException.class,
                () -> newServer().feed(Unpooled.wrappedBuffer(new byte[] {(byte) 0xFF}), Unpooled.buffer()));
        assertEquals("unsupported RTMP version 255 (only 3, plain RTMP, is supported)", e.getMessage());
    }

    @Test
    void serverRefusesBadVersionWithoutWaitingForC1AndWritesNothing() {
        ByteBuf out = Unpooled.buffer();
        assertThrows(HandshakeException.class,
                () -> newServer().feed(Unpooled.wrappedBuffer(new byte[] {8}), out));
        assertEquals(0, out.readableBytes());
    }

    @Test
    void feedingAfterARefusalIsAnError() {
        ServerHandshake server = newServer();
        assertThrows(HandshakeException.class,
                () -> server.feed(Unpooled.wrappedBuffer(new byte[] {6}), Unpooled.buffer()));

        assertThrows(IllegalStateException.class, () -> server.feed(Unpooled.buffer(), Unpooled.buffer()));
        assertFalse(server.isDone());
    }

    @Test
    void garbageC1AfterValidC0IsAcceptedAsPlain() {
        for (long seed = 0; seed < 20; seed++) {
            byte[] garbage = HandshakeDigestTest.randomPacket(1000 + seed); // nonzero "version", no valid digest
            ServerHandshake server = newServer();

            Answer answer = answerTo(server, garbage);

            assertArrayEquals(garbage, answer.s2(), "seed " + seed);
            assertFalse(server.usedDigest(), "seed " + seed);
        }
    }

    @Test
    void allZeroAndAllOnesC1AreAcceptedAsPlain() {
        byte[] ones = new byte[SIZE];
        Arrays.fill(ones, (byte) 0xFF);
        assertArrayEquals(new byte[SIZE], answerTo(newServer(), new byte[SIZE]).s2());
        assertArrayEquals(ones, answerTo(newServer(), ones).s2());
    }

    @Test
    void serverWaitsForAllOfC1BeforeReplying() {
        ServerHandshake server = newServer();
        byte[] c1 = plainC1();
        ByteBuf out = Unpooled.buffer();

        server.feed(Unpooled.buffer().writeByte(3).writeBytes(c1, 0, SIZE - 1), out);
        assertEquals(0, out.readableBytes(), "no reply with 1535 of 1536 C1 bytes");

        server.feed(Unpooled.wrappedBuffer(c1, SIZE - 1, 1), out);
        assertEquals(1 + 2 * SIZE, out.readableBytes());
    }

    @Test
    void serverIsDoneOnlyWithAllOfC2() {
        ServerHandshake server = newServer();
        ByteBuf out = Unpooled.buffer();
        server.feed(Unpooled.buffer().writeByte(3).writeBytes(plainC1()), out);

        assertFalse(server.feed(Unpooled.wrappedBuffer(new byte[SIZE - 1]), out));
        assertFalse(server.isDone());
        assertTrue(server.feed(Unpooled.wrappedBuffer(new byte[1]), out));
        assertTrue(server.isDone());
        assertEquals(1 + 2 * SIZE, out.readableBytes(), "nothing written after S0+S1+S2");
    }

    @Test
    void bytesAfterC2StayForTheChunkLayer() {
        byte[] chunkLayerBytes = {0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x01};
        ByteBuf in = Unpooled.buffer()
                .writeByte(3).writeBytes(plainC1()).writeBytes(new byte[SIZE]).writeBytes(chunkLayerBytes);

        assertTrue(newServer().feed(in, Unpooled.buffer()));

        assertEquals(ByteBufUtil.hexDump(chunkLayerBytes), ByteBufUtil.hexDump(in));
    }

    @Test
    void feedingWhenDoneConsumesNothing() {
        ServerHandshake server = newServer();
        server.feed(Unpooled.buffer().writeByte(3).writeBytes(plainC1()).writeBytes(new byte[SIZE]),
                Unpooled.buffer());
        ByteBuf more = Unpooled.wrappedBuffer(new byte[] {1, 2, 3});

        assertTrue(server.feed(more, Unpooled.buffer()));
        assertEquals(3, more.readableBytes());
    }

    @Test
    void librtmpStyleDigestC1InEitherSchemeGetsADigestAnswer() {
        for (boolean keyBlockFirst : new boolean[] {false, true}) {
            byte[] c1 = ReferenceHandshake.librtmpC1(HandshakeDigestTest.randomPacket(2), 777, keyBlockFirst);
            int c1DigestPos = keyBlockFirst ? ReferenceHandshake.getDigestOffset2(c1)
                    : ReferenceHandshake.getDigestOffset1(c1);
            ServerHandshake server = newServer();

            Answer answer = answerTo(server, c1);

            assertTrue(server.usedDigest());
            assertEquals("010203040d0e0a0d", ByteBufUtil.hexDump(answer.s1(), 0, 8), "S1 time and FMS version");
            int s1DigestPos = keyBlockFirst ? ReferenceHandshake.getDigestOffset2(answer.s1())
                    : ReferenceHandshake.getDigestOffset1(answer.s1());
            assertTrue(ReferenceHandshake.verifyDigest(s1DigestPos, answer.s1(),
                            ReferenceHandshake.GENUINE_FMS_KEY, 36),
                    "S1 digest in the same scheme as C1, keyed with the 36-byte FMS key");
            assertArrayEquals(
                    ReferenceHandshake.expectedSignature(answer.s2(), c1, c1DigestPos,
                            ReferenceHandshake.GENUINE_FMS_KEY),
                    Arrays.copyOfRange(answer.s2(), SIZE - 32, SIZE), "S2 signature over C1's digest");
        }
    }

    @Test
    void digestAnswerToFfmpegStyleC1PassesFfmpegAndLibrtmpPlayerChecks() {
        // ffmpeg's client: version 9.0.124.2, digest with the 8-based offset (rtmp_handshake_imprint_with_digest).
        byte[] c1 = ReferenceHandshake.librtmpC1(HandshakeDigestTest.randomPacket(3), 0, false);
        Answer answer = answerTo(newServer(), c1);

        assertEquals(ClientVerdict.GENUINE_SERVER,
                ReferenceHandshake.ffmpegPlayerVerdict(c1, answer.s1(), answer.s2()));
        assertEquals(ClientVerdict.GENUINE_SERVER, ReferenceHandshake.librtmpVerdict(
                c1, ReferenceHandshake.getDigestOffset1(c1), answer.s1(), answer.s2()));
    }

    @Test
    void digestC1FromClientHandshakeInEitherSchemeGetsADigestAnswer() {
        for (DigestScheme scheme : DigestScheme.values()) {
            ByteBuf c0c1 = Unpooled.buffer();
            new ClientHandshake(new SplittableRandom(5), 1234, scheme).start(c0c1);
            byte[] c1 = new byte[SIZE];
            c0c1.skipBytes(1).readBytes(c1);
            ServerHandshake server = newServer();

            Answer answer = answerTo(server, c1);

            assertTrue(server.usedDigest(), scheme.name());
            assertEquals(ClientVerdict.GENUINE_SERVER, ReferenceHandshake.librtmpVerdict(
                    c1, ReferenceHandshake.clientDigestPos(c1), answer.s1(), answer.s2()), scheme.name());
        }
    }

    @Test
    void nonzeroVersionC1WithBrokenDigestGetsThePlainAnswer() {
        byte[] c1 = ReferenceHandshake.librtmpC1(HandshakeDigestTest.randomPacket(4), 0, false);
        c1[SIZE - 1] ^= 1; // outside the digest: the digest no longer matches the packet
        ServerHandshake server = newServer();

        Answer answer = answerTo(server, c1);

        assertFalse(server.usedDigest());
        assertArrayEquals(c1, answer.s2());
        assertEquals(ClientVerdict.PLAIN_NOT_CHECKED,
                ReferenceHandshake.ffmpegPlayerVerdict(c1, answer.s1(), answer.s2()));
    }

    @Test
    void zeroVersionC1IsPlainEvenIfItCarriesAValidDigest() {
        byte[] c1 = plainC1();
        HandshakeDigest.imprint(c1, DigestScheme.SCHEME_0, HandshakeDigest.PLAYER_OPEN_KEY);
        ServerHandshake server = newServer();

        Answer answer = answerTo(server, c1);

        assertFalse(server.usedDigest());
        assertArrayEquals(c1, answer.s2());
    }

    @Test
    void serverOutputDependsOnlyOnItsInputsAndSeed() {
        byte[] c1 = ReferenceHandshake.librtmpC1(HandshakeDigestTest.randomPacket(6), 0, true);
        Answer first = answerTo(newServer(), c1);
        Answer second = answerTo(newServer(), c1);

        assertArrayEquals(first.s1(), second.s1());
        assertArrayEquals(first.s2(), second.s2());
    }
}
