package org.rtmpcluster.rtmp.net;

import org.rtmpcluster.rtmp.message.Command;
import org.rtmpcluster.rtmp.message.MediaMessage;
import org.rtmpcluster.rtmp.message.UserControl;

import java.util.List;

/** What a connection hands to the session above it. Called on the connection's event loop. */
public interface ConnectionHandler {

    /** The handshake is done; messages may be sent. */
    default void onOpen() {
    }

    void onCommand(Command command);

    /** Audio, video and data messages that arrived in one read, in order. */
    void onMedia(List<MediaMessage> batch);

    /** User control events other than pings (which the connection answers itself). */
    default void onUserControl(UserControl event) {
    }

    /** The connection is closed; {@code reason} says why (for logs). Called once. */
    void onClose(String reason);
}
