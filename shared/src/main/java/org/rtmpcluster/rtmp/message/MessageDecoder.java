package org.rtmpcluster.rtmp.message;

import io.netty.buffer.ByteBuf;
import org.rtmpcluster.rtmp.amf.Amf0;
import org.rtmpcluster.rtmp.amf.AmfException;
import org.rtmpcluster.rtmp.amf.AmfLimits;
import org.rtmpcluster.rtmp.chunk.RawMessage;

import java.util.ArrayList;
import java.util.List;

/** Turns reassembled raw messages into typed ones. Pure: no I/O, bounded by {@link AmfLimits}. */
public final class MessageDecoder {
    /** FLV tag header (11 bytes) plus the trailing previous-tag-size (4) of each aggregate sub-message. */
    private static final int AGGREGATE_TAG_OVERHEAD = 15;

    private final AmfLimits amfLimits;

    public MessageDecoder(AmfLimits amfLimits) {
        this.amfLimits = amfLimits;
    }

    /**
     * Decodes {@code raw}. Media messages keep a retained slice of the raw payload; the caller still
     * releases {@code raw.payload()} itself.
     */
    public RtmpMessage decode(RawMessage raw) {
        ByteBuf p = raw.payload();
        int type = raw.typeId();
        return switch (type) {
            case MessageType.SET_CHUNK_SIZE -> new SetChunkSize((int) uint32(p, type));
            case MessageType.ABORT -> new Abort((int) uint32(p, type));
            case MessageType.ACKNOWLEDGEMENT -> new Acknowledgement(uint32(p, type));
            case MessageType.WINDOW_ACK_SIZE -> new WindowAckSize(uint32(p, type));
            case MessageType.SET_PEER_BANDWIDTH -> {
                need(p, 5, type);
                yield new SetPeerBandwidth(p.getUnsignedInt(p.readerIndex()), p.getUnsignedByte(p.readerIndex() + 4));
            }
            case MessageType.USER_CONTROL -> userControl(p);
            case MessageType.AUDIO, MessageType.VIDEO, MessageType.DATA_AMF0, MessageType.DATA_AMF3 ->
                    new MediaMessage(type, raw.timestamp(), raw.messageStreamId(), p.retainedSlice());
            case MessageType.COMMAND_AMF0 -> command(p.slice(), raw.messageStreamId());
            case MessageType.COMMAND_AMF3 -> {
                // AMF3 commands start with a format byte (0), then AMF0 values with AVM+ switches.
                need(p, 1, type);
                yield command(p.slice(p.readerIndex() + 1, p.readableBytes() - 1), raw.messageStreamId());
            }
            case MessageType.AGGREGATE -> aggregate(p, raw.timestamp(), raw.messageStreamId());
            default -> new Ignored(type, p.readableBytes());
        };
    }

    private Command command(ByteBuf body, int messageStreamId) {
        List<Object> values;
        try {
            values = Amf0.decodeAll(body, amfLimits);
        } catch (AmfException e) {
            throw new MessageException("bad command: " + e.getMessage());
        }
        if (values.isEmpty() || !(values.get(0) instanceof String name)) {
            throw new MessageException("command without a name: " + (values.isEmpty() ? "empty" : values.get(0)));
        }
        double txn = values.size() > 1 && values.get(1) instanceof Number n ? n.doubleValue() : 0;
        Object commandObject = values.size() > 2 ? values.get(2) : null;
        List<Object> args = values.size() > 3 ? values.subList(3, values.size()) : List.of();
        return new Command(name, txn, commandObject, args, messageStreamId);
    }

    private static UserControl userControl(ByteBuf p) {
        need(p, 2, MessageType.USER_CONTROL);
        int at = p.readerIndex();
        int event = p.getUnsignedShort(at);
        int length = p.readableBytes();
        long value = length >= 6 ? p.getUnsignedInt(at + 2) : 0;
        long extra = event == UserControl.SET_BUFFER_LENGTH && length >= 10 ? p.getUnsignedInt(at + 6) : 0;
        return new UserControl(event, value, extra);
    }

    /**
     * Splits an aggregate (a run of FLV tags) into media messages. Sub-message timestamps keep their offset
     * from the first tag, rebased on the aggregate's own timestamp (as FMS and nginx-rtmp do).
     */
    private static Aggregate aggregate(ByteBuf p, long timestamp, int messageStreamId) {
        List<MediaMessage> out = new ArrayList<>();
        int at = p.readerIndex();
        int end = p.writerIndex();
        long firstTagTime = -1;
        while (at < end) {
            if (end - at < AGGREGATE_TAG_OVERHEAD) {
                release(out);
                throw new MessageException("aggregate truncated: " + (end - at) + " bytes left at a tag header");
            }
            int tagType = p.getUnsignedByte(at) & 0x1F;
            int size = p.getUnsignedMedium(at + 1);
            long tagTime = p.getUnsignedMedium(at + 4) | ((long) p.getUnsignedByte(at + 7) << 24);
            if (size > end - at - AGGREGATE_TAG_OVERHEAD) {
                release(out);
                throw new MessageException("aggregate sub-message of " + size + " bytes exceeds the "
                        + (end - at - AGGREGATE_TAG_OVERHEAD) + " left");
            }
            if (firstTagTime < 0) {
                firstTagTime = tagTime;
            }
            if (tagType == MessageType.AUDIO || tagType == MessageType.VIDEO || tagType == MessageType.DATA_AMF0) {
                long ts = (timestamp + tagTime - firstTagTime) & 0xFFFFFFFFL;
                out.add(new MediaMessage(tagType, ts, messageStreamId, p.retainedSlice(at + 11, size)));
            }
            at += AGGREGATE_TAG_OVERHEAD + size;
        }
        return new Aggregate(List.copyOf(out));
    }

    private static void release(List<MediaMessage> messages) {
        messages.forEach(m -> m.payload().release());
    }

    private static long uint32(ByteBuf p, int type) {
        need(p, 4, type);
        return p.getUnsignedInt(p.readerIndex());
    }

    private static void need(ByteBuf p, int bytes, int type) {
        if (p.readableBytes() < bytes) {
            throw new MessageException("message type " + type + " needs " + bytes + " bytes, got " + p.readableBytes());
        }
    }
}
