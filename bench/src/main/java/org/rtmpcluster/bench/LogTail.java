package org.rtmpcluster.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A log file a node is still writing, read a piece at a time: each {@link #newLines} call returns the complete
 * lines written since the previous call. A line still being written waits for the next call.
 */
final class LogTail {
    private static final int MAX_READ_BYTES = 4 << 20;

    private final Path file;
    private long offset;

    LogTail(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    List<String> newLines() {
        byte[] bytes;
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long available = in.length() - offset;
            if (available <= 0) {
                return List.of();
            }
            bytes = new byte[(int) Math.min(available, MAX_READ_BYTES)];
            in.seek(offset);
            in.readFully(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        int end = bytes.length - 1;
        while (end >= 0 && bytes[end] != '\n') {
            end--;
        }
        // Up to the last newline only: the rest of the line is read again, whole, next time.
        offset += end + 1;
        List<String> lines = new ArrayList<>();
        if (end > 0) {
            lines.addAll(List.of(new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n", -1)));
        }
        return lines;
    }
}
