package org.rtmpcluster.rtmp.chunk;

import static org.rtmpcluster.rtmp.chunk.ChunkFormat.CHUNK_STREAM_ID_MASK;
import static org.rtmpcluster.rtmp.chunk.ChunkFormat.CHUNK_STREAM_ID_OFFSET;
import static org.rtmpcluster.rtmp.chunk.ChunkFormat.CONTROL_PAYLOAD_SIZE;
import static org.rtmpcluster.rtmp.chunk.ChunkFormat.EXTENDED_TIMESTAMP_MARKER;
import static org.rtmpcluster.rtmp.chunk.ChunkFormat.EXTENDED_TIMESTAMP_SIZE;
import static org.rtmpcluster.rtmp.chunk.ChunkFormat.FMT_CONTINUATION;
import static org.rtmpcluster.rtmp.chunk.ChunkFormat.FMT_FULL;
import static org.rtmpcluster.rtmp.chunk.ChunkFormat.FMT_TIMESTAMP_ONLY;
import static org.rtmpcluster.rtmp.chunk.ChunkFormat.MAX_CHUNK_STREAM_ID;
import static org.rtmpcluster.rtmp.chunk.ChunkFormat.THREE_BYTE_MARKER;
import static org.rtmpcluster.rtmp.chunk.ChunkFormat.TIMESTAMP_MASK;
import static org.rtmpcluster.rtmp.chunk.ChunkFormat.TWO_BYTE_MARKER;
import static org.rtmpcluster.rtmp.chunk.ChunkFormat.TYPE_ABORT;
import static org.rtmpcluster.rtmp.chunk.ChunkFormat.TYPE_SET_CHUNK_SIZE;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Reassembles RTMP messages from the chunks of one direction of one connection (RTMP 1.0 §5.3). The decoder is
 * chunk-atomic: a call consumes a chunk only once all of its bytes (header and body) are readable, so a partial
 * chunk is left in the input untouched and there is no half-parsed header to remember. What persists between chunks
 * is, per chunk stream, the last header (fmt 1/2/3 headers only carry what changed) and the message being reassembled,
 * plus the chunk size, which the peer changes with Set Chunk Size. Every size read off the wire is checked against
 * {@link ChunkLimits} before it is used, and a reassembly buffer grows only with bytes that have arrived.
 */
public final class ChunkDecoder {

    /** RTMP 1.0 §5.4.1: the chunk size of both directions until a Set Chunk Size changes it. */
    public static final int DEFAULT_CHUNK_SIZE = 128;

    private final ChunkLimits limits;
    private final ByteBufAllocator allocator;
    private final Map<Integer, ChunkStream> streams = new HashMap<>();
    private int chunkSize = DEFAULT_CHUNK_SIZE;
    private int bufferedBytes;

    public ChunkDecoder(ChunkLimits limits) {
        this(limits, UnpooledByteBufAllocator.DEFAULT);
    }

    /** A decoder whose message payloads come from {@code allocator}; whoever receives a message releases it. */
    public ChunkDecoder(ChunkLimits limits, ByteBufAllocator allocator) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.allocator = Objects.requireNonNull(allocator, "allocator");
    }

    /** Releases the messages still being reassembled (the connection is closing). */
    public void releasePartials() {
        for (ChunkStream stream : streams.values()) {
            if (stream.partial != null) {
                stream.partial.release();
                stream.partial = null;
            }
        }
        bufferedBytes = 0;
    }

    /**
     * Consumes every complete chunk readable in {@code in} and hands each completed message to {@code sink} in
     * arrival order; a partial chunk stays unread. Set Chunk Size and Abort are applied before they are handed on.
     *
     * @throws ChunkException on a protocol violation or a crossed limit
     */
    public void decode(ByteBuf in, Consumer<RawMessage> sink) {
        while (in.isReadable() && decodeChunk(in, sink)) {
            // each chunk consumes at least its 1-byte basic header, so this ends
        }
    }

    public int chunkSize() {
        return chunkSize;
    }

    /** Payload bytes currently held in partially reassembled messages, over all chunk streams. */
    public int bufferedBytes() {
        return bufferedBytes;
    }

    /** Decodes one chunk if all of it is readable; returns false, consuming nothing, if it is not. */
    private boolean decodeChunk(ByteBuf in, Consumer<RawMessage> sink) {
        int pos = in.readerIndex();
        int end = in.writerIndex();

        // §5.3.1.1 basic header: fmt in the top 2 bits, then a 1-, 2- or 3-byte chunk stream id.
        int first = in.getUnsignedByte(pos);
        int format = first >>> 6;
        int chunkStreamId;
        switch (first & CHUNK_STREAM_ID_MASK) {
            case TWO_BYTE_MARKER -> {
                if (end - pos < 2) {
                    return false;
                }
                chunkStreamId = CHUNK_STREAM_ID_OFFSET + in.getUnsignedByte(pos + 1);
                pos += 2;
            }
            case THREE_BYTE_MARKER -> {
                if (end - pos < 3) {
                    return false;
                }
                // §5.3.1.1: the 3-byte form is little-endian, id = third byte * 256 + second byte + 64.
                chunkStreamId = CHUNK_STREAM_ID_OFFSET + in.getUnsignedByte(pos + 1) + (in.getUnsignedByte(pos + 2) << 8);
                pos += 3;
            }
            default -> {
                chunkStreamId = first & CHUNK_STREAM_ID_MASK;
                pos += 1;
            }
        }

        ChunkStream stream = streams.get(chunkStreamId);
        if (stream == null) {
            if (format != FMT_FULL) {
                throw new ChunkException("chunk type " + format + " on chunk stream " + chunkStreamId
                        + " with no previous header");
            }
            if (streams.size() >= limits.maxChunkStreams()) {
                throw new ChunkException("chunk stream " + chunkStreamId + " would be number " + (streams.size() + 1)
                        + ", over limit " + limits.maxChunkStreams() + " chunk streams");
            }
        } else if (format != FMT_CONTINUATION && stream.isReassembling()) {
            // Some servers treat this as an implicit abort; a peer that does it is broken or probing, so we refuse.
            throw new ChunkException("new header on chunk stream " + chunkStreamId + " in the middle of a message"
                    + " (chunk type " + format + ", " + stream.received() + " of " + stream.messageLength
                    + " bytes received)");
        }
        boolean startsMessage = stream == null || !stream.isReassembling();

        // §5.3.1.2 message header: each format carries only what changed since the last header on this chunk stream.
        int headerSize = ChunkFormat.messageHeaderSize(format);
        if (end - pos < headerSize) {
            return false;
        }
        long timestampField;
        int messageLength;
        int typeId;
        int messageStreamId;
        boolean extendedTimestamp;
        if (format == FMT_CONTINUATION) {
            messageLength = stream.messageLength;
            typeId = stream.typeId;
            messageStreamId = stream.messageStreamId;
            timestampField = stream.timestampField;
            extendedTimestamp = stream.extendedTimestamp;
            if (extendedTimestamp) {
                if (end - pos < EXTENDED_TIMESTAMP_SIZE) {
                    return false;
                }
                long repeated = in.getUnsignedInt(pos);
                if (startsMessage) {
                    // A fmt-3 chunk that starts a message carries the extended field it inherits.
                    timestampField = repeated;
                    pos += EXTENDED_TIMESTAMP_SIZE;
                } else if (repeated == stream.timestampField) {
                    // §5.3.1.3: continuation chunks repeat the extended timestamp (Adobe, ffmpeg); some encoders
                    // don't, so like SRS we consume the 4 bytes only when they match and otherwise read payload.
                    pos += EXTENDED_TIMESTAMP_SIZE;
                }
            }
        } else {
            timestampField = in.getUnsignedMedium(pos);
            messageLength = format == FMT_TIMESTAMP_ONLY ? stream.messageLength : in.getUnsignedMedium(pos + 3);
            typeId = format == FMT_TIMESTAMP_ONLY ? stream.typeId : in.getUnsignedByte(pos + 6);
            // The message stream id is the one little-endian field of the header.
            messageStreamId = format == FMT_FULL ? in.getIntLE(pos + 7) : stream.messageStreamId;
            pos += headerSize;
            if (messageLength > limits.maxMessageLength()) {
                throw new ChunkException("message length " + messageLength + " over limit "
                        + limits.maxMessageLength() + " on chunk stream " + chunkStreamId);
            }
            extendedTimestamp = timestampField == EXTENDED_TIMESTAMP_MARKER;
            if (extendedTimestamp) {
                if (end - pos < EXTENDED_TIMESTAMP_SIZE) {
                    return false;
                }
                timestampField = in.getUnsignedInt(pos);
                pos += EXTENDED_TIMESTAMP_SIZE;
            }
        }

        int received = startsMessage ? 0 : stream.received();
        int bodySize = Math.min(chunkSize, messageLength - received);
        if (end - pos < bodySize) {
            return false;
        }
        boolean completes = received + bodySize == messageLength;
        if (!completes && (long) bufferedBytes + bodySize > limits.maxBufferedBytes()) {
            throw new ChunkException("buffered payload " + ((long) bufferedBytes + bodySize) + " bytes over limit "
                    + limits.maxBufferedBytes() + " (chunk stream " + chunkStreamId + ", message of "
                    + messageLength + " bytes)");
        }

        // The whole chunk is readable and valid: from here on, state changes.
        if (stream == null) {
            stream = new ChunkStream();
            streams.put(chunkStreamId, stream);
        }
        if (startsMessage) {
            // fmt 0 is absolute; fmt 1/2 add a delta; a fmt-3 message repeats the last field as a delta, which after
            // a fmt 0 is that header's absolute timestamp (as ffmpeg's rtmppkt.c does).
            stream.timestamp = format == FMT_FULL ? timestampField : (stream.timestamp + timestampField) & TIMESTAMP_MASK;
            stream.timestampField = timestampField;
            stream.extendedTimestamp = extendedTimestamp;
            stream.messageLength = messageLength;
            stream.typeId = typeId;
            stream.messageStreamId = messageStreamId;
        }
        ByteBuf completed = null;
        if (startsMessage && completes) {
            completed = allocator.heapBuffer(messageLength, messageLength).writeBytes(in, pos, bodySize);
        } else if (startsMessage) {
            // Sized by what has arrived, never by the declared length; it grows as further chunks come.
            stream.partial = allocator.heapBuffer(bodySize, messageLength).writeBytes(in, pos, bodySize);
            bufferedBytes += bodySize;
        } else {
            stream.partial.writeBytes(in, pos, bodySize);
            if (completes) {
                bufferedBytes -= received;
                completed = stream.partial;
                stream.partial = null;
            } else {
                bufferedBytes += bodySize;
            }
        }
        in.readerIndex(pos + bodySize);

        if (completed != null) {
            deliver(new RawMessage(chunkStreamId, stream.typeId, stream.timestamp, stream.messageStreamId, completed),
                    sink);
        }
        return true;
    }

    private void deliver(RawMessage message, Consumer<RawMessage> sink) {
        try {
            applyControl(message);
        } catch (ChunkException e) {
            message.payload().release();
            throw e;
        }
        sink.accept(message);
    }

    /**
     * Set Chunk Size and Abort change how the following chunks are read, so they take effect here, before any further
     * chunk is decoded. Like ffmpeg, SRS and nginx-rtmp, they are obeyed whatever message stream carries them:
     * ignoring one would desynchronise the chunk stream.
     */
    private void applyControl(RawMessage message) {
        switch (message.typeId()) {
            case TYPE_SET_CHUNK_SIZE -> chunkSize = checkedChunkSize(controlValue(message, "set chunk size"));
            case TYPE_ABORT -> abort(controlValue(message, "abort"));
            default -> {
                // not a chunk-layer message
            }
        }
    }

    /** Reads the 4-byte big-endian value of a control message without moving the payload's readerIndex. */
    private static long controlValue(RawMessage message, String name) {
        ByteBuf payload = message.payload();
        if (payload.readableBytes() < CONTROL_PAYLOAD_SIZE) {
            throw new ChunkException(name + " payload of " + payload.readableBytes() + " bytes, expected "
                    + CONTROL_PAYLOAD_SIZE);
        }
        return payload.getUnsignedInt(payload.readerIndex());
    }

    private int checkedChunkSize(long value) {
        // §5.4.1: bit 31 is reserved and must be 0.
        if (value > Integer.MAX_VALUE) {
            throw new ChunkException("chunk size " + value + " has reserved bit 31 set (out of range "
                    + ChunkLimits.MIN_CHUNK_SIZE + ".." + limits.maxChunkSize() + ")");
        }
        if (value < ChunkLimits.MIN_CHUNK_SIZE || value > limits.maxChunkSize()) {
            throw new ChunkException("chunk size " + value + " out of range " + ChunkLimits.MIN_CHUNK_SIZE + ".."
                    + limits.maxChunkSize());
        }
        return (int) value;
    }

    /** §5.4.2: drop the partly received message on the named chunk stream; naming an idle one is harmless. */
    private void abort(long chunkStreamId) {
        ChunkStream stream = chunkStreamId <= MAX_CHUNK_STREAM_ID ? streams.get((int) chunkStreamId) : null;
        if (stream != null && stream.isReassembling()) {
            bufferedBytes -= stream.received();
            stream.partial.release();
            stream.partial = null;
        }
    }

    /** What the decoder remembers about one chunk stream: its last header and the message being reassembled. */
    private static final class ChunkStream {
        long timestamp;
        /** The last timestamp field read (extended value if any): fmt 3 reuses it as delta and to spot repeats. */
        long timestampField;
        boolean extendedTimestamp;
        int messageLength;
        int typeId;
        int messageStreamId;
        /** The message being reassembled, or null between messages. */
        ByteBuf partial;

        boolean isReassembling() {
            return partial != null;
        }

        int received() {
            return partial.readableBytes();
        }
    }
}
