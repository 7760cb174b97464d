package org.rtmpcluster.rtmp.handshake;

/**
 * The peer sent handshake bytes this codec cannot continue with, such as a C0/S0 version other than plain
 * RTMP. The connection that owns the handshake should close; the message names what was wrong and the value
 * seen, so it can go straight into the one-line close log.
 */
public final class HandshakeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public HandshakeException(String message) {
        super(message);
    }
}
