package org.rtmpcluster.rtmp.amf;

/**
 * AMF bytes that cannot be decoded: truncated, malformed, a reference out of range, a type this decoder
 * refuses, or a limit from {@link AmfLimits} crossed. The message says what was wrong and the value seen;
 * the input's reader index is left wherever decoding stopped, so the caller should drop the whole message.
 */
public final class AmfException extends RuntimeException {

    public AmfException(String message) {
        super(message);
    }
}
