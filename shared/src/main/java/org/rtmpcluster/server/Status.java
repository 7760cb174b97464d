package org.rtmpcluster.server;

import org.rtmpcluster.rtmp.chunk.RawMessage;
import org.rtmpcluster.rtmp.message.Messages;

import java.util.LinkedHashMap;
import java.util.Map;

/** NetConnection/NetStream status codes as FMS sends them, and the info objects that carry them. */
final class Status {
    static final String CONNECT_SUCCESS = "NetConnection.Connect.Success";
    static final String CONNECT_REJECTED = "NetConnection.Connect.Rejected";
    /** Enhanced RTMP v2: move to the server at the info's tcUrl (sent to clients that announced they can). */
    static final String CONNECT_RECONNECT_REQUEST = "NetConnection.Connect.ReconnectRequest";
    static final String CALL_FAILED = "NetConnection.Call.Failed";
    static final String PUBLISH_START = "NetStream.Publish.Start";
    static final String PUBLISH_BAD_NAME = "NetStream.Publish.BadName";
    static final String PUBLISH_DENIED = "NetStream.Publish.Denied";
    /** Authorization refused the publish: OBS stops retrying on it (it retries for ever on a silent close). */
    static final String PUBLISH_UNAUTHORIZED = "NetStream.Publish.Unauthorized";
    /** Publish failed for a reason other than the name (FMS sends the generic NetStream.Failed then). */
    static final String PUBLISH_FAILED = "NetStream.Failed";
    static final String UNPUBLISH_SUCCESS = "NetStream.Unpublish.Success";
    static final String PLAY_RESET = "NetStream.Play.Reset";
    static final String PLAY_START = "NetStream.Play.Start";
    static final String PLAY_STOP = "NetStream.Play.Stop";
    static final String PLAY_FAILED = "NetStream.Play.Failed";
    static final String PLAY_STREAM_NOT_FOUND = "NetStream.Play.StreamNotFound";
    static final String PLAY_UNPUBLISH_NOTIFY = "NetStream.Play.UnpublishNotify";
    static final String PLAY_PUBLISH_NOTIFY = "NetStream.Play.PublishNotify";
    static final String SEEK_FAILED = "NetStream.Seek.Failed";
    static final String PAUSE_NOTIFY = "NetStream.Pause.Notify";
    static final String UNPAUSE_NOTIFY = "NetStream.Unpause.Notify";
    static final String DATA_START = "NetStream.Data.Start";

    private Status() {
    }

    /** An onStatus command on {@code s}'s message stream, naming its stream in "details". */
    static RawMessage onStatus(NetStream s, String code, String description) {
        Map<String, Object> info = info(code, description);
        if (s.key != null) {
            info.put("details", s.key.name());
        }
        return Messages.command(s.id, "onStatus", 0, null, info);
    }

    /**
     * Enhanced RTMP v2's reconnect request: an onStatus on the connection (message stream 0, transaction 0, null
     * command object), level "status", with the tcUrl to move to.
     */
    static RawMessage reconnectRequest(String tcUrl, String description) {
        Map<String, Object> info = info("status", CONNECT_RECONNECT_REQUEST, description);
        info.put("tcUrl", tcUrl);
        return Messages.command(0, "onStatus", 0, null, info);
    }

    static Map<String, Object> info(String code, String description) {
        return info(isError(code) ? "error" : "status", code, description);
    }

    static Map<String, Object> info(String level, String code, String description) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("level", level);
        info.put("code", code);
        info.put("description", description);
        return info;
    }

    private static boolean isError(String code) {
        return code.endsWith("BadName") || code.endsWith("Denied") || code.endsWith("Failed")
                || code.endsWith("StreamNotFound") || code.endsWith("Rejected") || code.endsWith("Unauthorized");
    }
}
