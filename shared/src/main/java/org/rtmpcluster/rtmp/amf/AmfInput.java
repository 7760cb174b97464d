package org.rtmpcluster.rtmp.amf;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of one decode call with the limits that apply to them: every read checks that enough bytes
 * are readable first, so a truncated or lying input becomes an {@link AmfException} and never an
 * IndexOutOfBoundsException or an allocation sized by the peer. The open-container depth lives here so
 * that AMF0 and the AMF3 values nested in it through 0x11 switches count against one budget.
 */
final class AmfInput {

    /** Wire text quoted in an error message is cut to this many characters. */
    private static final int QUOTE_CHARS = 100;

    private final ByteBuf buf;
    private final AmfLimits limits;
    private int depth;
    /** Shape of the value decoded last (see {@link ReferenceTable}). */
    private int lastHeight;
    private long lastSize;
    /** Values added by following references, over the whole call. */
    private long expanded;

    AmfInput(ByteBuf buf, AmfLimits limits) {
        this.buf = buf;
        this.limits = limits;
    }

    AmfLimits limits() {
        return limits;
    }

    int readable() {
        return buf.readableBytes();
    }

    void need(long bytes, String what) {
        if (bytes > buf.readableBytes()) {
            throw new AmfException("truncated " + what + ": need " + bytes + " bytes, "
                    + buf.readableBytes() + " readable");
        }
    }

    int u8(String what) {
        need(1, what);
        return buf.readUnsignedByte();
    }

    /** The next byte without consuming it, or -1 at the end of the input. */
    int peekU8() {
        return buf.isReadable() ? buf.getUnsignedByte(buf.readerIndex()) : -1;
    }

    int u16(String what) {
        need(2, what);
        return buf.readUnsignedShort();
    }

    int s32(String what) {
        need(4, what);
        return buf.readInt();
    }

    long u32(String what) {
        need(4, what);
        return buf.readUnsignedInt();
    }

    double f64(String what) {
        need(8, what);
        return buf.readDouble();
    }

    void skip(int bytes, String what) {
        need(bytes, what);
        buf.skipBytes(bytes);
    }

    /** A byte run whose length came off the wire; bounded by maxStringBytes before anything is allocated. */
    byte[] bytes(long length, String what) {
        checkLength(length, what);
        need(length, what);
        byte[] out = new byte[(int) length];
        buf.readBytes(out);
        return out;
    }

    /** UTF-8 text; malformed sequences become U+FFFD rather than failing, as Flash Player does. */
    String utf8(long length, String what) {
        if (length == 0) {
            return "";
        }
        return new String(bytes(length, what), StandardCharsets.UTF_8);
    }

    private void checkLength(long length, String what) {
        if (length > limits.maxStringBytes()) {
            throw new AmfException(what + " length " + length + " exceeds limit " + limits.maxStringBytes());
        }
    }

    /** Checks a member count taken from the wire against maxEntries and against what the input can hold. */
    void checkCount(long count, int minBytesEach, String what) {
        checkEntries(count, what);
        if (count * minBytesEach > buf.readableBytes()) {
            throw new AmfException("truncated " + what + ": " + count + " elements need at least "
                    + count * minBytesEach + " bytes, " + buf.readableBytes() + " readable");
        }
    }

    /** Checks a running member count (no count on the wire, e.g. object properties up to the end marker). */
    void checkEntries(long count, String what) {
        if (count > limits.maxEntries()) {
            throw new AmfException(what + " count " + count + " exceeds limit " + limits.maxEntries());
        }
    }

    /**
     * Opens a container; the caller calls {@link #exit()} once the container is complete. No finally is
     * needed: an exception abandons the whole decode call, depth and all.
     */
    void enter(String what) {
        if (depth + 1 > limits.maxDepth()) {
            throw new AmfException(what + " at nesting depth " + (depth + 1) + " exceeds limit "
                    + limits.maxDepth());
        }
        depth++;
    }

    void exit() {
        depth--;
    }

    int depth() {
        return depth;
    }

    /** Records the shape of the value just decoded: a scalar is (0, 1). */
    void shape(int height, long size) {
        lastHeight = height;
        lastSize = size;
    }

    int lastHeight() {
        return lastHeight;
    }

    long lastSize() {
        return lastSize;
    }

    /** Counts the values a reference adds; past {@link AmfLimits#maxEntries()} in one call the decode is refused. */
    void expandBy(long values, String what) {
        expanded += values;
        if (expanded > limits.maxEntries()) {
            throw new AmfException(what + " expands the decoded values to " + expanded + ", limit "
                    + limits.maxEntries());
        }
    }

    static String quote(String text) {
        return text.length() <= QUOTE_CHARS ? "'" + text + "'" : "'" + text.substring(0, QUOTE_CHARS) + "...'";
    }
}
