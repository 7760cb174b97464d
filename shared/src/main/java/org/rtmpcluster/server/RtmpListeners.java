package org.rtmpcluster.server;

import io.vertx.core.Future;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's RTMP listeners, one per verticle instance: what a drain stops, and what it waits for. Any thread.
 */
public final class RtmpListeners {
    private final Set<RtmpServer> servers = ConcurrentHashMap.newKeySet();

    void add(RtmpServer server) {
        servers.add(server);
    }

    void remove(RtmpServer server) {
        servers.remove(server);
    }

    /**
     * Drains every listener (see {@link RtmpServer#drain}); completes once all their connections have closed, at
     * most {@code timeoutMillis} and a moment later.
     */
    public Future<Void> drain(DrainTargets targets, long timeoutMillis) {
        return Future.all(servers.stream().map(s -> s.drain(targets, timeoutMillis)).toList()).mapEmpty();
    }

    /**
     * Asks up to {@code max} players that can reconnect to move to one of {@code targets}, listener after
     * listener; the future holds how many were asked.
     */
    public Future<Integer> rebalance(DrainTargets targets, int max) {
        Future<Integer> asked = Future.succeededFuture(0);
        for (RtmpServer server : servers) {
            asked = asked.compose(n -> n >= max ? Future.succeededFuture(n)
                    : server.rebalance(targets, max - n).map(m -> n + m));
        }
        return asked;
    }

    /**
     * Closes every connection of every listener now (a stopping node); completes once their sessions have ended,
     * so their stop events are queued.
     */
    public Future<Void> closeSessions() {
        return Future.all(servers.stream().map(RtmpServer::closeSessions).toList()).mapEmpty();
    }

    /** Connections open on all listeners now. */
    public int connections() {
        return servers.stream().mapToInt(RtmpServer::connections).sum();
    }
}
