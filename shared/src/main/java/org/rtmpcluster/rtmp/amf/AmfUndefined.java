package org.rtmpcluster.rtmp.amf;

/**
 * The ActionScript {@code undefined} value (AMF0 marker 0x06, AMF3 marker 0x00), kept apart from
 * {@code null} so that a value decoded as undefined is encoded back as undefined.
 */
public enum AmfUndefined {
    INSTANCE
}
