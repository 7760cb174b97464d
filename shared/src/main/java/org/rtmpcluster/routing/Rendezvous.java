package org.rtmpcluster.routing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Rendezvous (highest random weight) hashing: every node picks the same candidate for a stream key, and adding or
 * removing a candidate moves only the keys that hashed to it. Ingest uses it to spread publishes over the origins,
 * edges to pick a parent edge per stream, and the bench's fan-out model to place its streams as ingest would.
 */
public final class Rendezvous {
    private Rendezvous() {
    }

    public static <T> Optional<T> pick(String key, List<T> candidates, Function<T, String> id) {
        return candidates.stream().max(Comparator.comparingLong(c -> weight(key, id.apply(c))));
    }

    private static long weight(String key, String candidate) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest((candidate + "\n" + key).getBytes(StandardCharsets.UTF_8));
            long w = 0;
            for (int i = 0; i < 8; i++) {
                w = (w << 8) | (d[i] & 0xFF);
            }
            return w;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
