package org.rtmpcluster.rtmp.message;

/** Acknowledgement (type 3): the peer has received {@code sequenceNumber} bytes so far (mod 2^32). */
public record Acknowledgement(long sequenceNumber) implements RtmpMessage {
}
