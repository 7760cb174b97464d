package org.rtmpcluster.rtmp.amf;

import java.util.ArrayList;
import java.util.List;

/**
 * The complex values of one AMF decode that later values may refer to by index (AMF0 §2.9, AMF3 §2.2), with the
 * shape of each: its height (containers nested in it, itself included) and its size (values in it, counted through
 * references). A reference may be followed only to a value that is complete and whose shape fits the limits where
 * it is used, so no decoded value is cyclic, nests deeper than {@link AmfLimits#maxDepth()}, or expands past
 * {@link AmfLimits#maxEntries()} values through references: printing, comparing, hashing or re-encoding one is
 * bounded work on a bounded stack.
 */
final class ReferenceTable {
    private static final int OPEN = -1;

    private final String what;
    private final List<Object> values = new ArrayList<>();
    private final List<long[]> shapes = new ArrayList<>();

    /** {@code what} names the table in errors ("AMF0 reference", "AMF3 object reference"). */
    ReferenceTable(String what) {
        this.what = what;
    }

    int size() {
        return values.size();
    }

    /** Registers a container before its contents are read (they may refer to values after it, never to it). */
    int open(Object container) {
        values.add(container);
        shapes.add(new long[] {OPEN, 0});
        return values.size() - 1;
    }

    /** The container in {@code slot} became another object (an AMF3 array that turned out dense). */
    void replace(int slot, Object container) {
        values.set(slot, container);
    }

    /** The container in {@code slot} is complete; its shape is what {@code in} has accumulated for it. */
    void close(int slot, Shape shape, AmfInput in) {
        shapes.set(slot, new long[] {shape.height(), shape.size()});
        in.shape(shape.height(), shape.size());
    }

    /** A value without children (an AMF3 date, XML, ByteArray or number vector of {@code size} values). */
    void leaf(Object value, long size, AmfInput in) {
        values.add(value);
        shapes.add(new long[] {0, size});
        in.shape(0, size);
    }

    /** The value {@code index} refers to, if a reference to it is allowed here. */
    Object resolve(int index, AmfInput in) {
        if (index >= values.size()) {
            throw new AmfException(what + " " + index + " out of range, table size " + values.size());
        }
        long[] shape = shapes.get(index);
        if (shape[0] == OPEN) {
            throw new AmfException(what + " " + index + " points at a value that contains it: cycles are refused");
        }
        int depth = in.depth() + (int) shape[0];
        if (depth > in.limits().maxDepth()) {
            throw new AmfException(what + " " + index + " would nest values " + depth + " deep, limit "
                    + in.limits().maxDepth());
        }
        in.expandBy(shape[1], what + " " + index);
        in.shape((int) shape[0], shape[1]);
        return values.get(index);
    }

    /** The running shape of a container being read: the tallest child and the count of values so far. */
    static final class Shape {
        private int childHeight;
        private long size = 1;

        /** Adds the value just decoded (its shape is in {@code in}). */
        void add(AmfInput in) {
            childHeight = Math.max(childHeight, in.lastHeight());
            size += in.lastSize();
        }

        int height() {
            return childHeight + 1;
        }

        long size() {
            return size;
        }
    }
}
