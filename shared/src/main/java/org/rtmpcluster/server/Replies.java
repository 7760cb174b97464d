package org.rtmpcluster.server;

import org.rtmpcluster.media.SharedMessage;
import org.rtmpcluster.rtmp.chunk.RawMessage;
import org.rtmpcluster.rtmp.message.SetPeerBandwidth;

import java.util.LinkedHashMap;
import java.util.Map;
import org.rtmpcluster.rtmp.message.Command;
import org.rtmpcluster.rtmp.message.Messages;
import org.rtmpcluster.rtmp.net.PeerText;
import org.rtmpcluster.rtmp.net.RtmpConnection;

/** What a session says to its client: results, statuses, and the refusals when the role cannot serve a request. */
final class Replies {
    private static final System.Logger LOG = System.getLogger(Replies.class.getName());
    /** Names a peer chose are quoted back at most this long. */
    private static final int QUOTED_NAME_CHARS = 64;
    private static final long PEER_BANDWIDTH = 2_500_000;

    private final RtmpConnection connection;

    Replies(RtmpConnection connection) {
        this.connection = connection;
    }

    void send(RawMessage m) {
        connection.send(m);
    }

    /**
     * A connect accepted: window and bandwidth, our chunk size, then {@code _result} with Connect.Success and, for a
     * client that announced Enhanced RTMP capabilities, those of them we support ({@code capsEx}).
     */
    void connected(Command c, long windowAckSize, int capsEx) {
        send(Messages.windowAckSize(windowAckSize));
        send(Messages.setPeerBandwidth(PEER_BANDWIDTH, SetPeerBandwidth.DYNAMIC));
        // Every player shares one chunk encoding of each media message, so all get the same chunk size.
        send(Messages.setChunkSize(SharedMessage.OUT_CHUNK_SIZE));
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("fmsVer", "FMS/3,5,7,7009");
        properties.put("capabilities", 31.0);
        properties.put("mode", 1.0);
        if (capsEx != 0) {
            properties.put("capsEx", (double) capsEx);
        }
        Map<String, Object> info = Status.info(Status.CONNECT_SUCCESS, "Connection succeeded.");
        info.put("objectEncoding", c.property("objectEncoding") instanceof Number n ? n.doubleValue() : 0.0);
        send(Messages.command(0, "_result", c.transactionId(), properties, info));
    }

    /**
     * Sends the client elsewhere, the way FMS, Wowza and SRS do: {@code _error} NetConnection.Connect.Rejected with
     * {@code ex.code} 302, {@code ex.redirect} the tcUrl and {@code ex.redirect2} the full URL (with the connect's
     * {@code query}). Stock ffmpeg and librtmp do not follow it; our client does.
     */
    void redirect(Command c, String tcUrl, String query) {
        Map<String, Object> info = Status.info(Status.CONNECT_REJECTED, "Redirected to " + tcUrl + ".");
        Map<String, Object> ex = new LinkedHashMap<>();
        ex.put("code", 302.0);
        ex.put("redirect", tcUrl);
        ex.put("redirect2", query.isEmpty() ? tcUrl : tcUrl + "?" + query);
        info.put("ex", ex);
        send(Messages.command(0, "_error", c.transactionId(), null, info));
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
