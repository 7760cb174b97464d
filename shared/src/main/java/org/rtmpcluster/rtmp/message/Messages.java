package org.rtmpcluster.rtmp.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.rtmpcluster.rtmp.amf.Amf0;
import org.rtmpcluster.rtmp.chunk.RawMessage;

/**
 * Encodes outgoing messages into raw messages on the conventional chunk streams: 2 for protocol control,
 * 3 for commands, 4 audio, 5 data, 6 video (independent streams so a big video frame never delays audio).
 */
public final class Messages {
    public static final int CONTROL_CHUNK_STREAM = 2;
    public static final int COMMAND_CHUNK_STREAM = 3;
    public static final int AUDIO_CHUNK_STREAM = 4;
    public static final int DATA_CHUNK_STREAM = 5;
    public static final int VIDEO_CHUNK_STREAM = 6;

    private Messages() {
    }

    public static RawMessage setChunkSize(int size) {
        return control(MessageType.SET_CHUNK_SIZE, Unpooled.buffer(4).writeInt(size));
    }

    public static RawMessage acknowledgement(long sequenceNumber) {
        return control(MessageType.ACKNOWLEDGEMENT, Unpooled.buffer(4).writeInt((int) sequenceNumber));
    }

    public static RawMessage windowAckSize(long size) {
        return control(MessageType.WINDOW_ACK_SIZE, Unpooled.buffer(4).writeInt((int) size));
    }

    public static RawMessage setPeerBandwidth(long size, int limitType) {
        return control(MessageType.SET_PEER_BANDWIDTH, Unpooled.buffer(5).writeInt((int) size).writeByte(limitType));
    }

    public static RawMessage userControl(int event, long value) {
        return control(MessageType.USER_CONTROL, Unpooled.buffer(6).writeShort(event).writeInt((int) value));
    }

    public static RawMessage setBufferLength(long streamId, long millis) {
        ByteBuf p = Unpooled.buffer(10).writeShort(UserControl.SET_BUFFER_LENGTH).writeInt((int) streamId)
                .writeInt((int) millis);
        return control(MessageType.USER_CONTROL, p);
    }

    /** An AMF0 command (type 20): name, transaction id, command object, then arguments. */
    public static RawMessage command(int messageStreamId, String name, double transactionId, Object commandObject,
                                     Object... args) {
        ByteBuf p = Unpooled.buffer(128);
        Amf0.encode(p, name);
        Amf0.encode(p, transactionId);
        Amf0.encode(p, commandObject);
        for (Object arg : args) {
            Amf0.encode(p, arg);
        }
        return new RawMessage(COMMAND_CHUNK_STREAM, MessageType.COMMAND_AMF0, 0, messageStreamId, p);
    }

    /** An AMF0 data message (type 18) such as |RtmpSampleAccess; statuses go as commands ({@link #command}). */
    public static RawMessage data(int messageStreamId, Object... values) {
        ByteBuf p = Unpooled.buffer(64);
        for (Object value : values) {
            Amf0.encode(p, value);
        }
        return new RawMessage(DATA_CHUNK_STREAM, MessageType.DATA_AMF0, 0, messageStreamId, p);
    }

    /** Wraps a media message for sending on its conventional chunk stream. */
    public static RawMessage media(MediaMessage m, int messageStreamId) {
        int chunkStream = m.isAudio() ? AUDIO_CHUNK_STREAM : m.isVideo() ? VIDEO_CHUNK_STREAM : DATA_CHUNK_STREAM;
        return new RawMessage(chunkStream, m.typeId(), m.timestamp(), messageStreamId, m.payload());
    }

    private static RawMessage control(int type, ByteBuf payload) {
        return new RawMessage(CONTROL_CHUNK_STREAM, type, 0, 0, payload);
    }
}
