package org.rtmpcluster.testing;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * An allocator that keeps every buffer it hands out, so a test can check that the code under test and the
 * test itself released all of them: a leak shows on the input that caused it, not later when Netty's detector
 * happens to see a collected buffer.
 */
public final class RecordingAllocator extends AbstractByteBufAllocator {

    private final List<ByteBuf> allocated = new ArrayList<>();

    public RecordingAllocator() {
        super(false);
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        return kept(new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity));
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        return kept(new UnpooledDirectByteBuf(this, initialCapacity, maxCapacity));
    }

    @Override
    public boolean isDirectBufferPooled() {
        return false;
    }

    private ByteBuf kept(ByteBuf buf) {
        allocated.add(buf);
        return buf;
    }

    /** Fails naming the buffers still referenced: their count, and the capacity and reference count of the first. */
    public void assertAllReleased() {
        List<ByteBuf> held = allocated.stream().filter(buf -> buf.refCnt() > 0).toList();
        if (!held.isEmpty()) {
            ByteBuf first = held.get(0);
            throw new AssertionError(held.size() + " of " + allocated.size() + " buffers not released; first: capacity "
                    + first.capacity() + ", refCnt " + first.refCnt());
        }
    }
}
