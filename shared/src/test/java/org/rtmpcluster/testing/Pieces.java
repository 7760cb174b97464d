package org.rtmpcluster.testing;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * How a fuzz target splits a byte stream into reads, so a stream decoder meets every partial-read path: mostly
 * pieces of a few bytes (a header cut anywhere), sometimes hundreds. The sizes are drawn from a generator seeded by
 * the bytes themselves, so an input found by the fuzzer replays with the same reads.
 */
public final class Pieces {

    private Pieces() {
    }

    /** Piece sizes, each at least 1, that add up to {@code stream.length}. */
    public static int[] of(byte[] stream) {
        SplittableRandom random = new SplittableRandom(Arrays.hashCode(stream));
        int[] sizes = new int[stream.length];
        int count = 0;
        for (int left = stream.length; left > 0; left -= sizes[count++]) {
            int bound = switch (random.nextInt(4)) {
                case 0, 1 -> 4;
                case 2 -> 32;
                default -> 2048;
            };
            sizes[count] = Math.min(left, 1 + random.nextInt(bound));
        }
        return Arrays.copyOf(sizes, count);
    }
}
