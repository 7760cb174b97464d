package org.rtmpcluster.auth;

import io.vertx.core.buffer.Buffer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * How the node signs what it POSTs to an operator's receiver (the authorization webhook, session events): the header
 * {@value #HEADER} carries {@code sha256=<lower-case hex HMAC-SHA256(secret, body)>}, so the receiver knows the body
 * is ours and unaltered. One place, so that both webhooks sign alike and a receiver verifies both with one function.
 */
public final class BodySignature {
    public static final String HEADER = "X-Rtmp-Signature";

    private final SecretKeySpec secret;

    public BodySignature(String secret) {
        this.secret = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** The header's value for {@code body}: {@code sha256=<hex>}. */
    public String header(Buffer body) {
        return "sha256=" + hex(body);
    }

    /** Lower-case hex HMAC-SHA256 of {@code body} under the secret. */
    public String hex(Buffer body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(secret);
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
