package org.rtmpcluster.server;

import io.vertx.core.Future;
import org.rtmpcluster.auth.AuthRequest;
import org.rtmpcluster.auth.Authorizer;
import org.rtmpcluster.auth.Grant;
import org.rtmpcluster.media.MediaStream;
import org.rtmpcluster.media.StreamKey;
import org.rtmpcluster.media.Subscriber;
import org.rtmpcluster.rtmp.message.Command;
import org.rtmpcluster.rtmp.message.Messages;
import org.rtmpcluster.rtmp.message.UserControl;

/**
 * The play side of a session's NetStreams: a play passes the authorizer, then takes a {@link PlayLease} from the
 * role's host and, once the stream is there, subscribes a player to it. The lease is held from the play command
 * until the play ends, whether or not it ever started; pause and receiveAudio/receiveVideo act on the player.
 */
final class Playing {
    private static final System.Logger LOG = System.getLogger(Playing.class.getName());

    private final ServerSession session;
    private final StreamHost host;
    private final Authorizer authorizer;
    private final long playerMaxLagMillis;

    Playing(ServerSession session, StreamHost host, Authorizer authorizer, long playerMaxLagMillis) {
        this.session = session;
        this.host = host;
        this.authorizer = authorizer;
        this.playerMaxLagMillis = playerMaxLagMillis;
    }

    Future<Void> play(Command c, NetStream s) {
        StreamKey key = session.key(c.stringArg(0));
        if (key == null) {
            session.replies().status(s, Status.PLAY_STREAM_NOT_FOUND,
                    "invalid stream name '" + Replies.quote(c.stringArg(0)) + "'");
            return ServerSession.done();
        }
        boolean reset = !(c.arg(3) instanceof Boolean b) || b;
        s.key = key;
        s.state = NetStream.State.STARTING;
        s.playAskedNanos = System.nanoTime();
        return session.onLoop(authorizer.authorize(session.auth(AuthRequest.Action.PLAY, c.stringArg(0))))
                .compose(grant -> {
                    PlayLease lease = host.play(key);
                    s.lease = lease;
                    // An edge's pull answers on its own loop, which may not be this player's.
                    return session.onLoop(lease.stream()).transform(ar -> answered(s, lease,
                            ar.failed() ? null : ar.result(), ar.cause(), reset, grant));
                }, e -> {
                    s.state = NetStream.State.IDLE;
                    session.unauthorized(s, Status.PLAY_FAILED, "play", e);
                    return ServerSession.done();
                });
    }

    /** The host answered a play: start playing, or say why not and give the lease back. */
    private Future<Void> answered(NetStream s, PlayLease lease, MediaStream stream, Throwable failure,
                                  boolean reset, Grant grant) {
        assert session.context() == io.vertx.core.Vertx.currentContext() : "a play answered off its loop";
        if (session.isClosed() || s.lease != lease || s.state != NetStream.State.STARTING) {
            lease.release(); // the player left while it waited
            return ServerSession.done();
        }
        if (failure != null || stream == null) {
            s.state = NetStream.State.IDLE;
            s.lease = null;
            lease.release();
            if (failure != null) {
                session.replies().refusedBy(s, Status.PLAY_FAILED, "cannot play " + s.key, failure);
            } else {
                session.replies().status(s, Status.PLAY_STREAM_NOT_FOUND, s.key + " is not published");
            }
            return ServerSession.done();
        }
        start(s, stream, reset, grant);
        session.expireAt(grant, "play of " + s.key);
        return ServerSession.done();
    }

    private void start(NetStream s, MediaStream stream, boolean reset, Grant grant) {
        Replies replies = session.replies();
        var connection = session.connection();
        s.state = NetStream.State.PLAYING;
        s.stream = stream;
        connection.label(connection.remoteAddress() + " play " + s.key);
        replies.send(Messages.userControl(UserControl.STREAM_BEGIN, s.id));
        if (reset) {
            replies.status(s, Status.PLAY_RESET, "Playing and resetting " + s.key + ".");
        }
        replies.status(s, Status.PLAY_START, "Started playing " + s.key + ".");
        // As nginx-rtmp sends it: a data message at timestamp 0, which libavformat's FLV demuxer skips (a name it
        // knows at 0); at any other time it would become a subtitle track.
        replies.send(Messages.data(s.id, "|RtmpSampleAccess", true, true));
        // A command, like every status: libavformat turns a data message named onStatus into a data track.
        replies.status(s, Status.DATA_START, "Data start.");
        s.subscriber = new Subscriber(new PlayerSink(connection, s, session::streamEnded, session.stats().timings()), session.context(),
                playerMaxLagMillis, stream.stats());
        stream.subscribe(s.subscriber);
        session.stats().players.incrementAndGet();
        LOG.log(System.Logger.Level.INFO, "play started {0} by {1}", s.key, connection.remoteAddress());
        session.metered(s, "play", grant);
    }

    Future<Void> pause(Command c, NetStream s) {
        if (s.subscriber != null) {
            boolean pause = !(c.arg(0) instanceof Boolean b) || b;
            s.subscriber.pause(pause);
            session.replies().status(s, pause ? Status.PAUSE_NOTIFY : Status.UNPAUSE_NOTIFY,
                    pause ? "Paused." : "Unpaused.");
        }
        return ServerSession.done();
    }

    Future<Void> receive(Command c, NetStream s) {
        if (s.subscriber != null) {
            boolean on = !(c.arg(0) instanceof Boolean b) || b;
            if (c.name().equals("receiveAudio")) {
                s.subscriber.receiveAudio(on);
            } else {
                s.subscriber.receiveVideo(on);
            }
        }
        return ServerSession.done();
    }

    /** Ends the NetStream's play, if it has one, and gives its lease back (also while it still waits). */
    void stop(NetStream s) {
        if (s.subscriber != null) {
            LOG.log(System.Logger.Level.INFO, "play stopped {0} by {1}", s.key, session.connection().remoteAddress());
            s.stream.unsubscribe(s.subscriber);
            s.subscriber = null;
            session.stats().players.decrementAndGet();
            s.stream = null;
            session.meteredStopped(s);
        }
        if (s.lease != null) {
            s.lease.release();
            s.lease = null;
        }
    }
}
