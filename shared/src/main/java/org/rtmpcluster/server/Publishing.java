package org.rtmpcluster.server;

import io.vertx.core.Future;
import org.rtmpcluster.auth.AuthRequest;
import org.rtmpcluster.auth.Authorizer;
import org.rtmpcluster.auth.Grant;
import org.rtmpcluster.media.Publication;
import org.rtmpcluster.media.StreamKey;
import org.rtmpcluster.rtmp.message.Command;
import org.rtmpcluster.rtmp.message.Messages;
import org.rtmpcluster.rtmp.message.UserControl;

/**
 * The publish side of a session's NetStreams: a publish passes the authorizer, then the role's host claims the
 * stream (on an origin, in the cluster too); the NetStream publishes until it is stopped, its connection closes,
 * or the claim is revoked (a takeover, a lost registry claim).
 */
final class Publishing {
    private static final System.Logger LOG = System.getLogger(Publishing.class.getName());

    private final ServerSession session;
    private final StreamHost host;
    private final Authorizer authorizer;

    Publishing(ServerSession session, StreamHost host, Authorizer authorizer) {
        this.session = session;
        this.host = host;
        this.authorizer = authorizer;
    }

    Future<Void> publish(Command c, NetStream s) {
        Replies replies = session.replies();
        if (s.state != NetStream.State.IDLE) {
            replies.status(s, Status.PUBLISH_BAD_NAME, "stream " + s.id + " is already in use");
            return ServerSession.done();
        }
        StreamKey key = session.key(c.stringArg(0));
        if (key == null) {
            replies.status(s, Status.PUBLISH_BAD_NAME, "invalid stream name '" + Replies.quote(c.stringArg(0)) + "'");
            return ServerSession.done();
        }
        s.key = key;
        s.state = NetStream.State.STARTING;
        return session.onLoop(authorizer.authorize(session.auth(AuthRequest.Action.PUBLISH, c.stringArg(0))))
                .transform(ar -> {
                    if (ar.failed()) {
                        s.state = NetStream.State.IDLE;
                        session.unauthorized(s, Status.PUBLISH_UNAUTHORIZED, "publish", ar.cause());
                        return ServerSession.done();
                    }
                    return claim(s, key, ar.result());
                });
    }

    /**
     * The authorized publish claims its stream from the role's host. A publisher with credentials for the key replaces
     * the current one at once: an encoder that restarted after its old connection died silently.
     */
    private Future<Void> claim(NetStream s, StreamKey key, Grant grant) {
        Replies replies = session.replies();
        String peer = session.connection().remoteAddress();
        return session.onLoop(host.publish(key, peer, grant.credentialed())).transform(ar -> {
            assert session.context() == io.vertx.core.Vertx.currentContext() : "a publish answered off its loop";
            if (ar.failed()) {
                s.state = NetStream.State.IDLE;
                replies.refusedBy(s, Status.PUBLISH_FAILED, "cannot publish " + key, ar.cause());
                return ServerSession.done();
            }
            Publication p = ar.result();
            if (p == null) {
                s.state = NetStream.State.IDLE;
                replies.status(s, Status.PUBLISH_BAD_NAME, "stream " + key + " is already publishing");
                LOG.log(System.Logger.Level.INFO, "refused publish of {0} from {1}: already publishing", key, peer);
                return ServerSession.done();
            }
            if (session.isClosed() || s.state != NetStream.State.STARTING) {
                p.close(); // the client left while we were claiming
                return ServerSession.done();
            }
            started(s, p, grant);
            session.expireAt(grant, "publish of " + key);
            return ServerSession.done();
        });
    }

    private void started(NetStream s, Publication p, Grant grant) {
        s.publication = p;
        s.state = NetStream.State.PUBLISHING;
        session.stats().publishers.incrementAndGet();
        var connection = session.connection();
        // Revocation may come from another loop (a takeover, a registry refresh): close on ours.
        p.onRevoked(reason -> session.context().runOnContext(v -> connection.close(reason)));
        connection.label(connection.remoteAddress() + " publish " + s.key);
        session.replies().send(Messages.userControl(UserControl.STREAM_BEGIN, s.id));
        session.replies().status(s, Status.PUBLISH_START, s.key + " is now published.");
        LOG.log(System.Logger.Level.INFO, "publish started {0} from {1}", s.key, connection.remoteAddress());
        session.metered(s, "publish", grant);
    }

    /** Ends the NetStream's publication, if it has one. */
    void stop(NetStream s) {
        if (s.publication == null) {
            return;
        }
        s.publication.close();
        s.publication = null;
        session.stats().publishers.decrementAndGet();
        session.meteredStopped(s);
        LOG.log(System.Logger.Level.INFO, "publish stopped {0} from {1}", s.key,
                session.connection().remoteAddress());
        if (!session.isClosed()) {
            session.replies().status(s, Status.UNPUBLISH_SUCCESS, s.key + " is now unpublished.");
        }
    }
}
