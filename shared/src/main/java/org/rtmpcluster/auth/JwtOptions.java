package org.rtmpcluster.auth;

/**
 * JSON Web Tokens ({@code ?token=<jwt>}).
 *
 * @param jwksUrl  where ES256/EdDSA/RS256 public keys are fetched (cached; refreshed on an unknown kid at most once
 *                 a minute); empty for HS256 with {@code AUTH_KEYS} only
 * @param issuer   required {@code iss} when not empty
 * @param audience required in {@code aud} when not empty
 * @param claim    the claim holding the permissions, a list of {@code {action, path}}
 */
public record JwtOptions(String jwksUrl, String issuer, String audience, String claim) {
    public static final JwtOptions NONE = new JwtOptions("", "", "", "rtmp");

    public boolean isConfigured() {
        return !jwksUrl.isEmpty();
    }
}
