package org.rtmpcluster.media;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.AbstractReferenceCounted;
import org.rtmpcluster.rtmp.chunk.ChunkEncoder;
import org.rtmpcluster.rtmp.message.MediaMessage;
import org.rtmpcluster.rtmp.message.MessageType;
import org.rtmpcluster.rtmp.message.Messages;

/**
 * A media message on a stream's timeline, chunk-encoded once into pooled direct memory and written to every player
 * as a retained duplicate: no player ever gets a copy, and Netty writes the bytes to the socket as they are (a heap
 * buffer would be copied into direct memory on each write). The encoding starts with a type-0 header, so it does not
 * depend on what a connection sent before; a player on another message stream id gets a header of its own in front
 * of the same shared body.
 *
 * <p>Reference counted: the creator holds one reference; whoever keeps the message (the GOP cache, the stream's
 * header slots, a batch crossing to another event loop) takes its own with {@link #retain()} and gives it back with
 * {@link #release()}. The message holds one reference to its encoding, and each write in flight another, so the
 * bytes live until the last socket has sent them. Sequence headers and metadata also keep their payload, which
 * marks them as headers (the stream keeps them for joining players and re-stamps the sequence headers to the GOP's
 * start); other messages drop it once encoded.
 */
public final class SharedMessage extends AbstractReferenceCounted {
    /** Chunk size every player is told at connect, so one encoding fits all of them. */
    public static final int OUT_CHUNK_SIZE = 4096;
    public static final int DEFAULT_STREAM_ID = 1;
    /**
     * Where the message stream id sits in the type-0 header: after a one-byte basic header (media chunk streams are
     * 4 to 6), timestamp (3), length (3) and type (1); RTMP 1.0 §5.3.1.2.1.
     */
    private static final int STREAM_ID_OFFSET = 1 + 7;

    static final ByteBufAllocator ALLOCATOR = PooledByteBufAllocator.DEFAULT;

    private final int typeId;
    private final long timestamp;
    private final boolean keyframe;
    private final ByteBuf encoded;
    /** The payload, for headers and metadata only; released with the last reference. */
    private final MediaMessage kept;
    private final int firstHeaderLength;

    private SharedMessage(MediaMessage m, ByteBuf encoded, MediaMessage kept) {
        this.typeId = m.typeId();
        this.timestamp = m.timestamp();
        this.keyframe = CodecTags.isVideoKeyframe(m);
        this.encoded = encoded;
        this.kept = kept;
        this.firstHeaderLength = ChunkEncoder.firstChunkHeaderSize(Messages.media(m, DEFAULT_STREAM_ID).chunkStreamId(),
                m.timestamp());
    }

    /**
     * Encodes {@code m} for players on {@link #DEFAULT_STREAM_ID} and takes ownership of its payload: kept when
     * {@code keepPayload}, released otherwise.
     */
    static SharedMessage encode(MediaMessage m, boolean keepPayload) {
        var raw = Messages.media(m, DEFAULT_STREAM_ID);
        ByteBuf out = ALLOCATOR.directBuffer(ChunkEncoder.encodedSize(raw, OUT_CHUNK_SIZE));
        ChunkEncoder.encode(raw, OUT_CHUNK_SIZE, out);
        SharedMessage shared = new SharedMessage(m, out, keepPayload ? m : null);
        if (!keepPayload) {
            m.payload().release();
        }
        return shared;
    }

    /** The same message at another timestamp (headers re-stamped for a joining player); needs the kept payload. */
    SharedMessage restamped(long newTimestamp) {
        if (kept == null) {
            throw new IllegalStateException("payload not kept");
        }
        return encode(kept.withTimestamp(newTimestamp).withPayload(kept.payload().retainedDuplicate()), true);
    }

    public int typeId() {
        return typeId;
    }

    public long timestamp() {
        return timestamp;
    }

    public boolean isAudio() {
        return typeId == MessageType.AUDIO;
    }

    public boolean isVideo() {
        return typeId == MessageType.VIDEO;
    }

    public boolean isData() {
        return !isAudio() && !isVideo();
    }

    public boolean isKeyframe() {
        return keyframe;
    }

    /** A sequence header or metadata: what the stream keeps for joining players, and never skipped. */
    public boolean isHeader() {
        return kept != null;
    }

    /** Wire bytes for a player on {@code messageStreamId}, owned by the caller: a duplicate, never a copy. */
    public ByteBuf wireBytes(int messageStreamId) {
        if (messageStreamId == DEFAULT_STREAM_ID) {
            return encoded.retainedDuplicate();
        }
        // Only the first chunk header names the stream; continuation chunks (type 3) do not.
        ByteBuf header = ALLOCATOR.directBuffer(firstHeaderLength)
                .writeBytes(encoded, encoded.readerIndex(), firstHeaderLength);
        header.setIntLE(STREAM_ID_OFFSET, messageStreamId);
        ByteBuf body = encoded.retainedSlice(encoded.readerIndex() + firstHeaderLength,
                encoded.readableBytes() - firstHeaderLength);
        return Unpooled.wrappedBuffer(header, body);
    }

    public int encodedSize() {
        return encoded.readableBytes();
    }

    @Override
    public SharedMessage retain() {
        super.retain();
        return this;
    }

    @Override
    public SharedMessage touch(Object hint) {
        encoded.touch(hint);
        return this;
    }

    @Override
    protected void deallocate() {
        encoded.release();
        if (kept != null) {
            kept.payload().release();
        }
    }
}
