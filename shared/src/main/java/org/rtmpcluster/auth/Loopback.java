package org.rtmpcluster.auth;

/** Whether a peer's host address is this machine's loopback (127.0.0.0/8, ::1), without a DNS lookup. */
final class Loopback {
    private Loopback() {
    }

    static boolean is(String host) {
        if (host == null) {
            return false;
        }
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return h.startsWith("127.") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1") || h.startsWith("::ffff:127.");
    }
}
