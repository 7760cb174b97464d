package org.rtmpcluster.edge;

import io.vertx.core.Future;
import org.rtmpcluster.cluster.StreamRecord;
import org.rtmpcluster.media.StreamKey;
import org.rtmpcluster.routing.Rendezvous;

import java.util.List;
import java.util.function.Function;

/**
 * Where an edge pulls a stream from: its parent tier when it has one (every edge of the tier picks the same parent
 * for a key, by rendezvous hashing, so the tier pulls each stream from its origin once), else the origin that the
 * cluster registry names.
 */
final class UpstreamFinder {
    private final List<String> parents;
    private final Function<StreamKey, Future<StreamRecord>> registry;

    /**
     * @param parents  {@code host:port} of the parent edges, or none
     * @param registry the live record of a key, or null (the cluster registry's lookup)
     */
    UpstreamFinder(List<String> parents, Function<StreamKey, Future<StreamRecord>> registry) {
        this.parents = List.copyOf(parents);
        this.registry = registry;
    }

    /**
     * Through a parent, only the parent's answer to our play tells whether the stream exists (it waits for the
     * stream itself); and the parent follows the stream when it moves between origins, not we.
     */
    boolean throughParent() {
        return !parents.isEmpty();
    }

    /** The upstream that serves {@code key} now; null when the registry knows no live record of it. */
    Future<StreamRecord> find(StreamKey key) {
        if (throughParent()) {
            String parent = Rendezvous.pick(key.toString(), parents, p -> p).orElseThrow();
            return Future.succeededFuture(new StreamRecord(key.toString(), "parent", parent, 0, 0, true));
        }
        return registry.apply(key);
    }
}
