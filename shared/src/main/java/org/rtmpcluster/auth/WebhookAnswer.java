package org.rtmpcluster.auth;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * What a webhook's answer means: a {@link Grant} only for a 2xx whose JSON body holds {@code "allow": true} (with an
 * optional {@code "lifetime"} in seconds), a {@link Denied} for anything else. The receiver's {@code "reason"} is
 * text it chose for the client to hear, so it is cut to {@link #MAX_REASON_CHARS} printable characters.
 */
final class WebhookAnswer {
    /** A longer answer is not an authorization decision; reading on would let a receiver fill our memory. */
    static final int MAX_BODY_BYTES = 64 * 1024;
    static final int MAX_REASON_CHARS = 200;
    /** About 31 years: a longer lifetime is "no end" in practice, and the product with 1000 stays in a long. */
    static final double MAX_LIFETIME_SECONDS = 1e9;

    private WebhookAnswer() {
    }

    /**
     * The decision {@code status} and {@code body} carry, at {@code nowMillis}.
     *
     * @throws Denied when the answer does not allow the request
     */
    static Grant read(int status, Buffer body, long nowMillis) {
        JsonObject json = json(body);
        boolean ok = status >= 200 && status < 300;
        if (ok && json != null && Boolean.TRUE.equals(json.getValue("allow"))) {
            return Grant.credentialed("webhook", null, expiresAt(json.getValue("lifetime"), nowMillis));
        }
        String reason = json == null ? null : reason(json.getValue("reason"));
        if (reason != null) {
            throw new Denied(reason);
        }
        if (!ok) {
            throw new Denied("webhook answered " + status);
        }
        if (json == null) {
            throw new Denied("webhook answer unreadable");
        }
        throw new Denied("webhook refused");
    }

    private static JsonObject json(Buffer body) {
        if (body == null || body.length() == 0) {
            return null;
        }
        try {
            Object value = io.vertx.core.json.Json.decodeValue(body);
            return value instanceof JsonObject o ? o : null;
        } catch (DecodeException e) {
            return null;
        }
    }

    /** When a grant of {@code lifetime} seconds ends; 0 (never) when there is none. */
    private static long expiresAt(Object lifetime, long nowMillis) {
        if (lifetime == null) {
            return 0;
        }
        if (!(lifetime instanceof Number n) || !(n.doubleValue() > 0)) {
            // The receiver meant to limit the session and said it in a way we cannot honour: fail closed.
            throw new Denied("webhook answer unreadable (lifetime " + printable(String.valueOf(lifetime), 20) + ")");
        }
        return nowMillis + Math.max(1, (long) (Math.min(n.doubleValue(), MAX_LIFETIME_SECONDS) * 1000));
    }

    /** The receiver's reason as a client may hear it, or null when it gave none. */
    private static String reason(Object reason) {
        if (!(reason instanceof String s)) {
            return null;
        }
        String printable = printable(s, MAX_REASON_CHARS).strip();
        return printable.isEmpty() ? null : printable;
    }

    /** {@code text} without control characters, at most {@code max} characters. */
    static String printable(String text, int max) {
        StringBuilder b = new StringBuilder(Math.min(text.length(), max));
        for (int i = 0; i < text.length() && b.length() < max; i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || Character.isSurrogate(c)) {
                b.append(' ');
            } else if (Character.isDefined(c)) {
                b.append(c);
            }
        }
        return b.toString();
    }
}
