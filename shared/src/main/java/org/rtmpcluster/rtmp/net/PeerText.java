package org.rtmpcluster.rtmp.net;

/**
 * Text that a peer chose (command names, app names, status codes and descriptions, AMF values) made fit for a log
 * line or an error message: one line, with control characters escaped, and at most {@link #MAX_CHARS} characters,
 * so that a peer can neither forge log lines (CWE-117) nor fill the disk. A server treats its clients this way,
 * and an edge its upstream.
 */
public final class PeerText {
    public static final int MAX_CHARS = 300;

    private PeerText() {
    }

    public static String printable(Object value) {
        String text = String.valueOf(value);
        StringBuilder b = new StringBuilder(Math.min(text.length(), MAX_CHARS));
        for (int i = 0; i < text.length() && b.length() < MAX_CHARS; i++) {
            char c = text.charAt(i);
            b.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return text.length() > MAX_CHARS || b.length() >= MAX_CHARS ? b + "..." : b.toString();
    }
}
