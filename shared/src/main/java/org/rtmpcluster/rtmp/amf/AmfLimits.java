package org.rtmpcluster.rtmp.amf;

/**
 * Bounds applied while decoding AMF that came off the wire. {@code maxDepth} bounds how many containers
 * (objects, arrays, dictionaries, AVM+ switches) may be open at once, which also bounds the decoder's own
 * recursion; {@code maxStringBytes} bounds every length-prefixed byte run (strings, XML, AMF3 ByteArray);
 * {@code maxEntries} bounds the members of one container (object properties, array elements, AMF3 sealed
 * plus dynamic members).
 */
public record AmfLimits(int maxDepth, int maxStringBytes, int maxEntries) {

    /** Room for any real RTMP command (a connect object nests two or three levels at most). */
    public static final AmfLimits DEFAULT = new AmfLimits(32, 1 << 20, 65_536);

    /**
     * The decoder recurses a few frames per open container; this ceiling keeps that recursion far from
     * the default thread stack whatever a configuration asks for.
     */
    public static final int MAX_DEPTH_CEILING = 256;

    public AmfLimits {
        if (maxDepth < 1 || maxDepth > MAX_DEPTH_CEILING) {
            throw new IllegalArgumentException("maxDepth " + maxDepth + " out of range 1.." + MAX_DEPTH_CEILING);
        }
        if (maxStringBytes < 0) {
            throw new IllegalArgumentException("maxStringBytes " + maxStringBytes + " must not be negative");
        }
        if (maxEntries < 0) {
            throw new IllegalArgumentException("maxEntries " + maxEntries + " must not be negative");
        }
    }
}
