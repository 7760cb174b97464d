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

class ClientHandshakeTest {

    private static final int SIZE = ServerHandshake.PACKET_SIZE;

    private static ClientHandshake newClient(DigestScheme scheme) {
        return new ClientHandshake(new SplittableRandom(17), 0x0A0B0C0D, scheme);
    }

    /** Starts a client and returns its C1 (after checking C0). */
    private static byte[] start(ClientHandshake client) {
        ByteBuf out = Unpooled.buffer();
        client.start(out);
        assertEquals(1 + SIZE, out.readableBytes());
        assertEquals(3, out.readUnsignedByte(), "C0");
        byte[] c1 = new byte[SIZE];
        out.readBytes(c1);
        return c1;
    }

    /** Feeds S0+S1 and returns the C2 the client wrote. */
    private static byte[] c2For(ClientHandshake client, byte[] s1) {
        ByteBuf out = Unpooled.buffer();
        ByteBuf in = Unpooled.buffer().writeByte(3).writeBytes(s1);
        assertFalse(client.feed(in, out));
        assertEquals(SIZE, out.readableBytes(), "C2 written as soon as S1 is complete");
        return ByteBufUtil.getBytes(out);
    }

    @Test
    void clientC1CarriesTimeAndNonzeroPlayerVersion() {
        byte[] c1 = start(newClient(DigestScheme.SCHEME_0));

        assertEquals("0a0b0c0d80000702", ByteBufUtil.hexDump(c1, 0, 8));
    }

    @Test
    void clientC1DigestIsInScheme0ByDefaultUnderThe30BytePlayerKey() {
        byte[] c1 = start(new ClientHandshake(new SplittableRandom(1), 0));

        assertTrue(ReferenceHandshake.verifyDigest(ReferenceHandshake.getDigestOffset1(c1), c1,
                ReferenceHandshake.GENUINE_FP_KEY, 30));
    }

    @Test
    void clientC1DigestCanBePlacedInScheme1() {
        byte[] c1 = start(newClient(DigestScheme.SCHEME_1));

        assertTrue(ReferenceHandshake.verifyDigest(ReferenceHandshake.getDigestOffset2(c1), c1,
                ReferenceHandshake.GENUINE_FP_KEY, 30));
    }

    @Test
    void clientEchoesPlainS1InC2() {
        ClientHandshake client = newClient(DigestScheme.SCHEME_0);
        start(client);
        byte[] s1 = HandshakeDigestTest.randomPacket(20);
        Arrays.fill(s1, 4, 8, (byte) 0);

        assertArrayEquals(s1, c2For(client, s1));
        assertFalse(client.serverDigestValid());
    }

    @Test
    void clientEchoesNonzeroVersionS1WhoseDigestDoesNotValidate() {
        ClientHandshake client = newClient(DigestScheme.SCHEME_0);
        start(client);
        byte[] s1 = HandshakeDigestTest.randomPacket(21);
        s1[4] = 4;

        assertArrayEquals(s1, c2For(client, s1));
        assertFalse(client.serverDigestValid());
    }

    @Test
    void clientSignsC2OverTheServerDigestWithTheFullPlayerKey() {
        for (boolean keyBlockFirst : new boolean[] {false, true}) {
            ClientHandshake client = newClient(DigestScheme.SCHEME_0);
            start(client);
            byte[] s1 = ReferenceHandshake.librtmpS1(HandshakeDigestTest.randomPacket(22), keyBlockFirst);
            int s1DigestPos = keyBlockFirst ? ReferenceHandshake.getDigestOffset2(s1)
                    : ReferenceHandshake.getDigestOffset1(s1);

            byte[] c2 = c2For(client, s1);

            assertTrue(client.serverDigestValid());
            byte[] expected = ReferenceHandshake.expectedSignature(c2, s1, s1DigestPos,
                    ReferenceHandshake.GENUINE_FP_KEY);
            assertArrayEquals(expected, Arrays.copyOfRange(c2, SIZE - 32, SIZE),
                    "C2 signature, key block first: " + keyBlockFirst);
        }
    }

    @Test
    void clientAcceptsJunkS2() {
        ClientHandshake client = newClient(DigestScheme.SCHEME_0);
        start(client);
        byte[] s1 = ReferenceHandshake.librtmpS1(HandshakeDigestTest.randomPacket(23), true);
        ByteBuf in = Unpooled.buffer().writeByte(3).writeBytes(s1).writeBytes(HandshakeDigestTest.randomPacket(24));

        assertTrue(client.feed(in, Unpooled.buffer()));
        assertTrue(client.isDone());
    }

    @Test
    void clientIsDoneOnlyWithAllOfS2() {
        ClientHandshake client = newClient(DigestScheme.SCHEME_0);
        start(client);
        ByteBuf out = Unpooled.buffer();
        client.feed(Unpooled.buffer().writeByte(3).writeBytes(new byte[SIZE]), out);

        assertFalse(client.feed(Unpooled.wrappedBuffer(new byte[SIZE - 1]), out));
        assertTrue(client.feed(Unpooled.wrappedBuffer(new byte[1]), out));
        assertEquals(SIZE, out.readableBytes(), "only C2 written");
    }

    @Test
    void bytesAfterS2StayForTheChunkLayer() {
        ClientHandshake client = newClient(DigestScheme.SCHEME_0);
        start(client);
        byte[] chunkLayerBytes = {0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x05};
        ByteBuf in = Unpooled.buffer()
                .writeByte(3).writeBytes(new byte[SIZE]).writeBytes(new byte[SIZE]).writeBytes(chunkLayerBytes);

        assertTrue(client.feed(in, Unpooled.buffer()));

        assertEquals(ByteBufUtil.hexDump(chunkLayerBytes), ByteBufUtil.hexDump(in));
    }

    @Test
    void clientRefusesRtmpeS0() {
        ClientHandshake client = newClient(DigestScheme.SCHEME_0);
        start(client);

        HandshakeException e = assertThrows(HandshakeException.class,
                () -> client.feed(Unpooled.wrappedBuffer(new byte[] {6}), Unpooled.buffer()));
        assertEquals("unsupported RTMP version 6 (RTMPE is not supported)", e.getMessage());
        assertThrows(IllegalStateException.class, () -> client.feed(Unpooled.buffer(), Unpooled.buffer()));
    }

    @Test
    void feedBeforeStartIsAnError() {
        ClientHandshake client = newClient(DigestScheme.SCHEME_0);

        assertThrows(IllegalStateException.class,
                () -> client.feed(Unpooled.wrappedBuffer(new byte[] {3}), Unpooled.buffer()));
    }

    @Test
    void startingTwiceIsAnError() {
        ClientHandshake client = newClient(DigestScheme.SCHEME_0);
        start(client);

        assertThrows(IllegalStateException.class, () -> client.start(Unpooled.buffer()));
    }
}
