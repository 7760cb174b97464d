package org.rtmpcluster.media;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import org.rtmpcluster.rtmp.chunk.ChunkEncoder;
import org.rtmpcluster.rtmp.message.MediaMessage;
import org.rtmpcluster.rtmp.message.Messages;

/**
 * A media message on a stream's timeline together with its chunk encoding, made once and written to every player.
 * The encoding uses a type-0 header on its first chunk, so it does not depend on what a connection sent before.
 * Players almost always play on message stream 1; any other stream id gets its own encoding.
 */
public final class SharedMessage {
    /** Chunk size every player is told at connect, so one encoding fits all of them. */
    public static final int OUT_CHUNK_SIZE = 4096;
    public static final int DEFAULT_STREAM_ID = 1;

    private final MediaMessage message;
    private final boolean keyframe;
    private final boolean sequenceHeader;
    private final Buffer encoded;

    public SharedMessage(MediaMessage message) {
        this.message = message;
        this.keyframe = CodecTags.isVideoKeyframe(message);
        this.sequenceHeader = CodecTags.isVideoSequenceHeader(message) || CodecTags.isAudioSequenceHeader(message);
        this.encoded = encode(message, DEFAULT_STREAM_ID);
    }

    public MediaMessage message() {
        return message;
    }

    public boolean isKeyframe() {
        return keyframe;
    }

    public boolean isSequenceHeader() {
        return sequenceHeader;
    }

    /** Wire bytes for a player on {@code messageStreamId}. Shared (not copied) for the default stream id. */
    public Buffer encodedFor(int messageStreamId) {
        return messageStreamId == DEFAULT_STREAM_ID ? encoded : encode(message, messageStreamId);
    }

    /** The shared wire bytes as a Netty buffer, for gathering several messages into one write. */
    ByteBuf encodedByteBuf() {
        return ((BufferInternal) encoded).getByteBuf();
    }

    public int encodedSize() {
        return encoded.length();
    }

    private static Buffer encode(MediaMessage m, int messageStreamId) {
        var raw = Messages.media(m, messageStreamId);
        ByteBuf out = Unpooled.buffer(ChunkEncoder.encodedSize(raw, OUT_CHUNK_SIZE));
        ChunkEncoder.encode(raw, OUT_CHUNK_SIZE, out);
        return BufferInternal.buffer(out);
    }
}
