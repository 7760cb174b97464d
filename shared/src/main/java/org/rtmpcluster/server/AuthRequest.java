package org.rtmpcluster.server;

/**
 * What is being asked: {@code action} on {@code app}/{@code stream} (stream is null for connect), with the
 * query string the client sent (tokens live there), from {@code peer}.
 */
public record AuthRequest(Action action, String app, String stream, String query, String peer) {
    public enum Action { CONNECT, PUBLISH, PLAY }
}
