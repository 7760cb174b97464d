package org.rtmpcluster.auth;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shared secrets tokens are signed with, by key id ({@code AUTH_KEYS=kid:secret,...}): several at once, so a
 * new key can be rolled out before the old one is retired. The first is the one this node signs with.
 */
public final class AuthKeys {
    public static final AuthKeys NONE = new AuthKeys(Map.of());
    /** A shorter secret is guessable offline from one token. */
    static final int MIN_SECRET_BYTES = 16;

    private final Map<String, byte[]> secrets;

    private AuthKeys(Map<String, byte[]> secrets) {
        this.secrets = secrets;
    }

    /**
     * Parses {@code kid:secret,kid:secret} (also one per line, as a file holds them; {@code #} starts a comment).
     *
     * @throws IllegalArgumentException naming what is wrong, never the secret
     */
    public static AuthKeys parse(String text) {
        Map<String, byte[]> secrets = new LinkedHashMap<>();
        for (String entry : text.split("[,\\n]")) {
            String e = entry.strip();
            if (e.isEmpty() || e.startsWith("#")) {
                continue;
            }
            int colon = e.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("an entry is not kid:secret");
            }
            String kid = e.substring(0, colon);
            byte[] secret = e.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
            if (!kid.matches("[A-Za-z0-9._-]{1,64}")) {
                throw new IllegalArgumentException("key id '" + kid + "' is not 1-64 of A-Z a-z 0-9 . _ -");
            }
            if (secret.length < MIN_SECRET_BYTES) {
                throw new IllegalArgumentException("the secret of key '" + kid + "' is shorter than "
                        + MIN_SECRET_BYTES + " bytes");
            }
            if (secrets.put(kid, secret) != null) {
                throw new IllegalArgumentException("key id '" + kid + "' appears twice");
            }
        }
        return new AuthKeys(secrets);
    }

    public boolean isEmpty() {
        return secrets.isEmpty();
    }

    /** The secret of {@code kid}, or null. */
    byte[] secret(String kid) {
        return kid == null ? null : secrets.get(kid);
    }

    /** The id of the key this node signs with, or null when there is none. */
    public String signingKid() {
        return secrets.isEmpty() ? null : secrets.keySet().iterator().next();
    }

    public int size() {
        return secrets.size();
    }
}
