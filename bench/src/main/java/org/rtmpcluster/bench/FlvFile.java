package org.rtmpcluster.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An FLV file read whole into memory (FLV spec v10.1, annex E): its tags in file order, and what a looping
 * publisher needs to know about them (how long one pass lasts, the video frame rate).
 */
final class FlvFile {
    private static final int TAG_HEADER_BYTES = 11;
    private static final int PREVIOUS_TAG_SIZE_BYTES = 4;

    private final List<FlvTag> tags;
    private final long loopMillis;
    private final double videoFps;
    private final long gopMillis;

    private FlvFile(List<FlvTag> tags) {
        this.tags = List.copyOf(tags);
        List<FlvTag> frames = this.tags.stream().filter(FlvTag::isVideoFrame).toList();
        if (frames.size() < 2 || !frames.get(0).isKeyframe()) {
            throw new IllegalArgumentException("FLV needs at least 2 video frames, the first a keyframe; got "
                    + frames.size() + " frames");
        }
        long first = frames.get(0).timestamp();
        long last = frames.get(frames.size() - 1).timestamp();
        double frameMillis = (double) (last - first) / (frames.size() - 1);
        long lastAny = this.tags.stream().mapToLong(FlvTag::timestamp).max().orElse(0);
        // One pass lasts until the frame after the last one, so the next pass continues at the same cadence.
        this.loopMillis = Math.max(last + Math.round(frameMillis), lastAny + 1);
        this.videoFps = frames.size() * 1000.0 / loopMillis;
        long keyframes = frames.stream().filter(FlvTag::isKeyframe).count();
        this.gopMillis = loopMillis / keyframes;
    }

    static FlvFile read(Path path) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(path));
        if (in.remaining() < 9 || in.get() != 'F' || in.get() != 'L' || in.get() != 'V') {
            throw new IOException(path + ": not an FLV file (no FLV signature)");
        }
        in.position(5);
        int headerSize = in.getInt();
        if (headerSize < 9 || headerSize > in.limit()) {
            throw new IOException(path + ": FLV header size " + headerSize + " out of range 9.." + in.limit());
        }
        in.position(headerSize + PREVIOUS_TAG_SIZE_BYTES);
        List<FlvTag> tags = new ArrayList<>();
        while (in.remaining() >= TAG_HEADER_BYTES) {
            int type = in.get() & 0x1F; // the top bits are reserved and the filter flag
            int size = uint24(in);
            long timestamp = uint24(in) | (long) (in.get() & 0xFF) << 24; // TimestampExtended is the high byte
            in.position(in.position() + 3); // StreamID, always 0
            if (size > in.remaining()) {
                break; // a truncated last tag, as left by an interrupted recording
            }
            byte[] body = new byte[size];
            in.get(body);
            tags.add(new FlvTag(type, timestamp, body));
            if (in.remaining() < PREVIOUS_TAG_SIZE_BYTES) {
                break;
            }
            in.position(in.position() + PREVIOUS_TAG_SIZE_BYTES);
        }
        return new FlvFile(tags);
    }

    private static int uint24(ByteBuffer in) {
        return (in.get() & 0xFF) << 16 | (in.get() & 0xFF) << 8 | in.get() & 0xFF;
    }

    List<FlvTag> tags() {
        return tags;
    }

    /** How long one pass of the file plays; the next pass's timestamps are shifted by this much. */
    long loopMillis() {
        return loopMillis;
    }

    /** The mean time from one keyframe to the next. */
    long gopMillis() {
        return gopMillis;
    }

    /** Video frames per second of the source. */
    double videoFps() {
        return videoFps;
    }
}
