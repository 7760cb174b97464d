package org.rtmpcluster.hostile;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.rtmpcluster.rtmp.amf.Amf0;

import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * RTMP chunk bytes built by hand (RTMP 1.0 §5.3), independent of our encoder, so that a test can send what no
 * encoder would: headers that lie about lengths, continuation headers with nothing to continue, sizes past the limits.
 */
final class Chunks {
    /** RTMP 1.0 §5.4.1: the chunk size of both directions until a Set Chunk Size changes it. */
    static final int DEFAULT_CHUNK_SIZE = 128;
    static final int PROTOCOL_CONTROL_CHUNK_STREAM = 2;
    static final int COMMAND_CHUNK_STREAM = 3;
    static final int TYPE_SET_CHUNK_SIZE = 1;
    static final int TYPE_USER_CONTROL = 4;
    static final int TYPE_COMMAND_AMF0 = 20;

    private Chunks() {
    }

    /** §5.3.1.1: one byte for chunk stream ids 2..63, two for 64..319, three (little-endian) for 320..65599. */
    static byte[] basicHeader(int format, int chunkStreamId) {
        if (chunkStreamId < 2 || chunkStreamId > 65_599) {
            throw new IllegalArgumentException("chunk stream id " + chunkStreamId + " out of range 2..65599");
        }
        if (chunkStreamId <= 63) {
            return new byte[] {(byte) (format << 6 | chunkStreamId)};
        }
        int rest = chunkStreamId - 64;
        if (chunkStreamId <= 319) {
            return new byte[] {(byte) (format << 6), (byte) rest};
        }
        return new byte[] {(byte) (format << 6 | 1), (byte) rest, (byte) (rest >>> 8)};
    }

    /** §5.3.1.2.1: a type-0 chunk header; {@code timestamp} below 0xFFFFFF (no extended timestamp). */
    static byte[] fmt0Header(int chunkStreamId, long timestamp, int messageLength, int typeId, int messageStreamId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(basicHeader(0, chunkStreamId));
        writeU24(out, timestamp);
        writeU24(out, messageLength);
        out.write(typeId);
        // The message stream id is the one little-endian field of the header.
        out.write(messageStreamId);
        out.write(messageStreamId >>> 8);
        out.write(messageStreamId >>> 16);
        out.write(messageStreamId >>> 24);
        return out.toByteArray();
    }

    /** A whole message at the default chunk size: a type-0 chunk, then type-3 chunks every 128 bytes. */
    static byte[] message(int chunkStreamId, int typeId, int messageStreamId, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(fmt0Header(chunkStreamId, 0, payload.length, typeId, messageStreamId));
        for (int at = 0; at < payload.length; at += DEFAULT_CHUNK_SIZE) {
            if (at > 0) {
                out.writeBytes(basicHeader(3, chunkStreamId));
            }
            out.write(payload, at, Math.min(DEFAULT_CHUNK_SIZE, payload.length - at));
        }
        return out.toByteArray();
    }

    /** An AMF0 command (type 20) on chunk stream 3: name, transaction id, command object, arguments. */
    static byte[] command(int messageStreamId, Object... values) {
        return message(COMMAND_CHUNK_STREAM, TYPE_COMMAND_AMF0, messageStreamId, amf0(values));
    }

    /** The connect a Flash-style client sends first: transaction 1 on message stream 0. */
    static byte[] connect(String app) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("app", app);
        properties.put("flashVer", "LNX 9,0,124,2");
        properties.put("tcUrl", "rtmp://127.0.0.1/" + app);
        properties.put("objectEncoding", 0.0);
        return command(0, "connect", 1.0, properties);
    }

    /** §5.4.1 Set Chunk Size, its 32 bits written as given (bit 31 included). */
    static byte[] setChunkSize(long size) {
        byte[] payload = {(byte) (size >>> 24), (byte) (size >>> 16), (byte) (size >>> 8), (byte) size};
        return message(PROTOCOL_CONTROL_CHUNK_STREAM, TYPE_SET_CHUNK_SIZE, 0, payload);
    }

    static byte[] amf0(Object... values) {
        ByteBuf buf = Unpooled.buffer();
        Amf0.encodeAll(buf, values);
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        return bytes;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static void writeU24(ByteArrayOutputStream out, long value) {
        out.write((int) (value >>> 16));
        out.write((int) (value >>> 8));
        out.write((int) value);
    }
}
