package org.rtmpcluster.auth;

import io.vertx.core.Future;

import java.util.function.LongSupplier;

/**
 * Username and password as OBS ("Use authentication"), ffmpeg ({@code rtmp://user:pass@host/app/key}) and GStreamer
 * send them: the {@code authmod=adobe} challenge-response at connect, against the users of {@code AUTH_USERS_FILE}.
 * For publish and play, the credential is the user the connection logged in as.
 */
final class PasswordAuth implements Scheme {
    static PasswordAuth create(AuthOptions options, LongSupplier nowMillis) {
        throw new IllegalArgumentException("password authentication is not implemented yet");
    }

    @Override
    public String name() {
        return "password";
    }

    /**
     * A connect: runs the login the query started; with none, asks for one when {@code askPlain}, else passes
     * ({@link Grant#OPEN}).
     */
    Future<Grant> connect(AuthRequest request, boolean askPlain) {
        return Future.succeededFuture(Grant.OPEN);
    }

    @Override
    public Future<Grant> check(AuthRequest request) {
        return Future.succeededFuture();
    }
}
