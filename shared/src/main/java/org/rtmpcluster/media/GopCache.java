package org.rtmpcluster.media;

import org.rtmpcluster.budget.MemoryBudget;

import java.util.ArrayList;
import java.util.List;

/**
 * The messages since the latest video keyframe (audio and data included, in order), so a player that joins starts
 * decoding at once. Bounded in bytes and messages: a stream whose keyframes never come (or come too rarely to fit)
 * keeps nothing rather than growing. Holds one reference to each message it keeps, and counts what it holds in the
 * node's memory budget: when the budget empties it, it waits for the next keyframe like after an overflow.
 */
final class GopCache {
    private final long maxBytes;
    private final int maxMessages;
    private final List<SharedMessage> messages = new ArrayList<>();
    private long bytes;
    private boolean overflowed;
    private final MemoryBudget.Holder memory;

    GopCache(long maxBytes, int maxMessages, MemoryBudget.Holder memory) {
        this.maxBytes = maxBytes;
        this.maxMessages = maxMessages;
        this.memory = memory;
    }

    void add(SharedMessage m) {
        if (m.isKeyframe()) {
            clear();
            overflowed = false;
        } else if (messages.isEmpty() || overflowed) {
            return; // wait for a keyframe: a GOP that does not start with one is useless to a new player
        }
        if (m.isHeader()) {
            return; // sequence headers and metadata are kept apart by the stream and sent before the GOP
        }
        messages.add(m.retain());
        bytes += m.encodedSize();
        if (bytes > maxBytes || messages.size() > maxMessages || !memory.hold(bytes)) {
            evict();
        }
    }

    /** Drops what it holds and keeps nothing until the next keyframe. */
    void evict() {
        clear();
        overflowed = true;
    }

    /** The cached messages, each retained for the caller. */
    List<SharedMessage> retainedSnapshot() {
        List<SharedMessage> out = new ArrayList<>(messages.size());
        for (SharedMessage m : messages) {
            out.add(m.retain());
        }
        return out;
    }

    void clear() {
        messages.forEach(SharedMessage::release);
        messages.clear();
        bytes = 0;
        memory.emptied();
    }

    /** The stream ended: drops what it holds and leaves the budget. */
    void close() {
        clear();
        memory.close();
    }

    long bytes() {
        return bytes;
    }
}
