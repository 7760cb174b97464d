package org.rtmpcluster.media;

import io.netty.buffer.ByteBuf;
import org.rtmpcluster.rtmp.message.MediaMessage;
import org.rtmpcluster.rtmp.message.MessageType;

import java.nio.charset.StandardCharsets;

/**
 * Script data handling: publishers send {@code @setDataFrame, onMetaData, {...}}; players must receive
 * {@code onMetaData, {...}} (what FMS does). Only the leading handler-name string is looked at, so the rest of the
 * payload passes through byte-exact.
 */
final class DataFrames {
    static final String SET_DATA_FRAME = "@setDataFrame";
    static final String CLEAR_DATA_FRAME = "@clearDataFrame";
    static final String ON_METADATA = "onMetaData";
    private static final String SAMPLE_ACCESS = "|RtmpSampleAccess";
    private static final String ON_STATUS = "onStatus";
    private static final int AMF0_STRING = 0x02;

    private DataFrames() {
    }

    /** The leading AMF0 string of a type-18 payload, or null. */
    static String handlerName(MediaMessage m) {
        ByteBuf p = m.payload();
        int at = p.readerIndex();
        if (m.typeId() != MessageType.DATA_AMF0 || p.readableBytes() < 3 || p.getUnsignedByte(at) != AMF0_STRING) {
            return null;
        }
        int length = p.getUnsignedShort(at + 1);
        return p.readableBytes() < 3 + length ? null : p.toString(at + 3, length, StandardCharsets.UTF_8);
    }

    /**
     * Whether a data message is what a server sends its own player at play, not stream content: |RtmpSampleAccess,
     * and an onStatus sent as data (SRS sends NetStream.Data.Start so, as our nodes once did).
     */
    static boolean isServerNotice(String handler) {
        return SAMPLE_ACCESS.equals(handler) || ON_STATUS.equals(handler);
    }

    /** {@code m} without its leading handler-name string (a slice sharing the payload). */
    static MediaMessage dropHandlerName(MediaMessage m) {
        ByteBuf p = m.payload();
        int skip = 3 + p.getUnsignedShort(p.readerIndex() + 1);
        return m.withPayload(p.slice(p.readerIndex() + skip, p.readableBytes() - skip));
    }
}
