package org.rtmpcluster.server;

import org.rtmpcluster.rtmp.chunk.RawMessage;
import org.rtmpcluster.rtmp.message.Command;
import org.rtmpcluster.rtmp.message.Messages;
import org.rtmpcluster.rtmp.net.PeerText;
import org.rtmpcluster.rtmp.net.RtmpConnection;

/** What a session says to its client: results, statuses, and the refusals when the role cannot serve a request. */
final class Replies {
    private static final System.Logger LOG = System.getLogger(Replies.class.getName());
    /** Names a peer chose are quoted back at most this long. */
    private static final int QUOTED_NAME_CHARS = 64;

    private final RtmpConnection connection;

    Replies(RtmpConnection connection) {
        this.connection = connection;
    }

    void send(RawMessage m) {
        connection.send(m);
    }

    void result(Command c, Object value) {
        send(Messages.command(0, "_result", c.transactionId(), null, value));
    }

    void error(Command c, String code, String description) {
        send(Messages.command(0, "_error", c.transactionId(), null, Status.info(code, description)));
    }

    void status(NetStream s, String code, String description) {
        send(Status.onStatus(s, code, description));
    }

    /** The role could not serve the request (cluster unreachable, no origin): the client hears it, not silence. */
    void refusedBy(NetStream s, String code, String what, Throwable cause) {
        String why = PeerText.printable(cause.getMessage());
        LOG.log(System.Logger.Level.WARNING, "{0} for {1}: {2}", what, connection.remoteAddress(), why);
        status(s, code, what + ": " + why);
    }

    /** A name the peer chose, short enough to quote in a reply or a close reason. */
    static String quote(String name) {
        return name == null ? "null"
                : name.length() > QUOTED_NAME_CHARS ? name.substring(0, QUOTED_NAME_CHARS) + "..." : name;
    }
}
