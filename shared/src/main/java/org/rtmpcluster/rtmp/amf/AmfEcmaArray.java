package org.rtmpcluster.rtmp.amf;

import java.util.LinkedHashMap;

/**
 * An AMF0 ECMA array (marker 0x08): string keys to values, in wire order. It is its own type only so that
 * the encoder writes it back as an ECMA array rather than an object; {@code onMetaData} is sent as one and
 * some players accept nothing else.
 */
public final class AmfEcmaArray extends LinkedHashMap<String, Object> {

    private static final long serialVersionUID = 1L;
}
