package org.rtmpcluster.rtmp.handshake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

/** Client and server talking to each other in memory, the bytes cut into slices the way TCP may cut them. */
class HandshakeRoundTripTest {

    private static final int SIZE = ServerHandshake.PACKET_SIZE;
    /** What a client sends right after C2 (the start of a chunk carrying "connect"). */
    private static final byte[] CLIENT_TRAILER = {0x03, 0x00, 0x00, 0x00, 0x00, 0x00, (byte) 0xB4, 0x14};
    /** What a server sends right after the handshake (Window Acknowledgement Size). */
    private static final byte[] SERVER_TRAILER = {0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x05};

    /** Everything that crossed the wire, and what each side left unconsumed. */
    private record Transcript(byte[] clientToServer, byte[] serverToClient, ByteBuf serverLeftover,
                              ByteBuf clientLeftover) {
    }

    private static Transcript run(ServerHandshake server, ClientHandshake client, IntSupplier sliceSize) {
        ByteBuf wireToServer = Unpooled.buffer();
        ByteBuf wireToClient = Unpooled.buffer();
        ByteBuf serverIn = Unpooled.buffer();
        ByteBuf clientIn = Unpooled.buffer();
        ByteArrayOutputStream sentToServer = new ByteArrayOutputStream();
        ByteArrayOutputStream sentToClient = new ByteArrayOutputStream();
        boolean clientTrailerSent = false;
        boolean serverTrailerSent = false;
        client.start(wireToServer);
        for (int round = 0; round < 100_000; round++) {
            deliver(wireToServer, serverIn, sliceSize.getAsInt(), sentToServer);
            server.feed(serverIn, wireToClient);
            deliver(wireToClient, clientIn, sliceSize.getAsInt(), sentToClient);
            client.feed(clientIn, wireToServer);
            if (client.isDone() && !clientTrailerSent) {
                wireToServer.writeBytes(CLIENT_TRAILER);
                clientTrailerSent = true;
            }
            if (server.isDone() && !serverTrailerSent) {
                wireToClient.writeBytes(SERVER_TRAILER);
                serverTrailerSent = true;
            }
            if (clientTrailerSent && serverTrailerSent && !wireToServer.isReadable() && !wireToClient.isReadable()) {
                return new Transcript(sentToServer.toByteArray(), sentToClient.toByteArray(), serverIn, clientIn);
            }
        }
        throw new AssertionError("handshake did not finish: server done " + server.isDone()
                + ", client done " + client.isDone());
    }

    /** Moves up to {@code max} bytes from the wire into a receiver's cumulation buffer, as a socket read would. */
    private static void deliver(ByteBuf wire, ByteBuf receiver, int max, ByteArrayOutputStream log) {
        int n = Math.min(max, wire.readableBytes());
        byte[] slice = new byte[n];
        wire.readBytes(slice);
        log.writeBytes(slice);
        receiver.discardReadBytes();
        receiver.writeBytes(slice);
    }

    private static void assertDigestHandshake(ServerHandshake server, ClientHandshake client, Transcript t) {
        assertTrue(server.isDone());
        assertTrue(client.isDone());
        assertTrue(server.usedDigest(), "server recognised the client's digest");
        assertTrue(client.serverDigestValid(), "client recognised the server's digest");
        assertEquals(ByteBufUtil.hexDump(CLIENT_TRAILER), ByteBufUtil.hexDump(t.serverLeftover()));
        assertEquals(ByteBufUtil.hexDump(SERVER_TRAILER), ByteBufUtil.hexDump(t.clientLeftover()));

        byte[] c1 = Arrays.copyOfRange(t.clientToServer(), 1, 1 + SIZE);
        byte[] c2 = Arrays.copyOfRange(t.clientToServer(), 1 + SIZE, 1 + 2 * SIZE);
        byte[] s1 = Arrays.copyOfRange(t.serverToClient(), 1, 1 + SIZE);
        byte[] s2 = Arrays.copyOfRange(t.serverToClient(), 1 + SIZE, 1 + 2 * SIZE);
        assertEquals(ReferenceHandshake.ClientVerdict.GENUINE_SERVER,
                ReferenceHandshake.librtmpVerdict(c1, ReferenceHandshake.clientDigestPos(c1), s1, s2));
        int s1DigestPos = ReferenceHandshake.verifyDigest(ReferenceHandshake.getDigestOffset2(s1), s1,
                ReferenceHandshake.GENUINE_FMS_KEY, 36)
                ? ReferenceHandshake.getDigestOffset2(s1) : ReferenceHandshake.getDigestOffset1(s1);
        assertArrayEquals(ReferenceHandshake.expectedSignature(c2, s1, s1DigestPos, ReferenceHandshake.GENUINE_FP_KEY),
                Arrays.copyOfRange(c2, SIZE - 32, SIZE), "C2 signature as librtmp's server checks it");
    }

    @Test
    void digestHandshakeCompletesInRandomSizeSlicesInBothSchemes() {
        for (DigestScheme scheme : DigestScheme.values()) {
            for (long seed = 0; seed < 25; seed++) {
                SplittableRandom slices = new SplittableRandom(seed);
                ServerHandshake server = new ServerHandshake(new SplittableRandom(seed + 1000), 5000);
                ClientHandshake client = new ClientHandshake(new SplittableRandom(seed + 2000), 42, scheme);

                Transcript t = run(server, client, () -> slices.nextInt(1, 700));

                assertDigestHandshake(server, client, t);
            }
        }
    }

    @Test
    void digestHandshakeCompletesOneByteAtATime() {
        ServerHandshake server = new ServerHandshake(new SplittableRandom(1), 0);
        ClientHandshake client = new ClientHandshake(new SplittableRandom(2), 0);

        Transcript t = run(server, client, () -> 1);

        assertDigestHandshake(server, client, t);
    }

    @Test
    void digestHandshakeCompletesWhenEverythingArrivesAtOnce() {
        ServerHandshake server = new ServerHandshake(new SplittableRandom(3), 0);
        ClientHandshake client = new ClientHandshake(new SplittableRandom(4), 0, DigestScheme.SCHEME_1);

        Transcript t = run(server, client, () -> Integer.MAX_VALUE);

        assertDigestHandshake(server, client, t);
    }
}
