package org.rtmpcluster.rtmp.message;

/** A message whose payload does not match its type: the connection that sent it is closed. */
public final class MessageException extends RuntimeException {
    public MessageException(String message) {
        super(message);
    }
}
