package org.rtmpcluster.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A node's {@link Authorizer}: the schemes {@code AUTH_PUBLISH} and {@code AUTH_PLAY} list, asked in that order.
 * The first scheme that finds its own credential in the request decides (a valid one allows, an invalid one
 * refuses, and no later scheme is asked); {@code loopback} allows a peer on this machine that sent no credential
 * (one that did is judged by it, wherever {@code loopback} stands: a token's holder may take a stream over at once,
 * and a broken token is refused rather than waved through) and abstains otherwise; {@code open} allows;
 * {@code webhook} always decides. When every scheme abstains, the request is refused.
 *
 * <p>A connect passes unless a password is involved: a connect that started an {@code authmod=adobe} login goes
 * through it, and a plain connect from an encoder is asked for a password when publishing needs one (see
 * {@link #asksForPassword}). An edge's own upstream link passes with its {@link LinkToken}. Refusals are counted
 * per address ({@link FailureBudget}); an address past its budget is refused before any scheme is asked.
 */
public final class AuthPolicy implements Authorizer {
    private final AuthOptions options;
    private final List<Scheme> publish;
    private final List<Scheme> play;
    private final TokenScheme tokens;
    private final PasswordAuth password;
    private final FailureBudget failures;
    private final LinkToken links;
    private final LongSupplier nowMillis;

    private AuthPolicy(AuthOptions options, List<Scheme> publish, List<Scheme> play, TokenScheme tokens,
                       PasswordAuth password, LinkToken links, LongSupplier nowMillis) {
        this.options = options;
        this.links = links;
        this.nowMillis = nowMillis;
        this.publish = publish;
        this.play = play;
        this.tokens = tokens;
        this.password = password;
        this.failures = new FailureBudget(options.failuresPerMinute(), nowMillis);
    }

    /**
     * The policy {@code options} describe, for node {@code nodeId} of {@code role}. Reads the users file (at start,
     * before any event loop needs it).
     *
     * @throws IllegalArgumentException when a scheme's configuration cannot be used (a users file that does not read)
     */
    public static AuthPolicy create(Vertx vertx, AuthOptions options, LinkToken links, String nodeId, String role) {
        return create(vertx, options, links, nodeId, role, System::currentTimeMillis);
    }

    static AuthPolicy create(Vertx vertx, AuthOptions options, String nodeId, String role, LongSupplier nowMillis) {
        return create(vertx, options, LinkToken.NONE, nodeId, role, nowMillis);
    }

    static AuthPolicy create(Vertx vertx, AuthOptions options, LinkToken links, String nodeId, String role,
                             LongSupplier nowMillis) {
        TokenScheme tokens = new TokenScheme(options.keys(), options.maxTtlSeconds(), options.cutAtExpiry(),
                nowMillis);
        boolean needsPassword = options.publish().contains("password") || options.play().contains("password");
        PasswordAuth password = needsPassword ? PasswordAuth.create(options, nowMillis) : null;
        boolean needsJwt = options.publish().contains("jwt") || options.play().contains("jwt");
        JwtScheme jwt = needsJwt ? new JwtScheme(vertx, options.jwt(), options.keys(), options.cutAtExpiry(),
                nowMillis) : null;
        boolean needsWebhook = options.publish().contains("webhook") || options.play().contains("webhook");
        WebhookScheme webhook = needsWebhook ? new WebhookScheme(vertx, options.webhook(), nodeId, role, nowMillis)
                : null;
        return new AuthPolicy(options, schemes(options.publish(), tokens, password, jwt, webhook),
                schemes(options.play(), tokens, password, jwt, webhook), tokens, password, links, nowMillis);
    }

    private static List<Scheme> schemes(List<String> names, TokenScheme tokens, PasswordAuth password, JwtScheme jwt,
                                        WebhookScheme webhook) {
        List<Scheme> schemes = new ArrayList<>();
        for (String name : names) {
            schemes.add(switch (name) {
                case "open" -> named("open", r -> Future.succeededFuture(Grant.OPEN));
                case "loopback" -> named("loopback", r -> Future.succeededFuture(
                        r.fromLoopback() && !carriesCredential(r) ? Grant.LOOPBACK : null));
                case "token" -> tokens;
                case "jwt" -> jwt;
                case "webhook" -> webhook;
                case "password" -> password;
                default -> throw new IllegalArgumentException("unknown scheme " + name);
            });
        }
        return List.copyOf(schemes);
    }

    /** Whether the request carries a credential some scheme reads (a token, a JWT, a password login). */
    static boolean carriesCredential(AuthRequest r) {
        QueryParams p = r.params();
        return p.has("sig") || p.has("token") || r.user() != null;
    }

    public AuthOptions options() {
        return options;
    }

    @Override
    public Future<Grant> authorize(AuthRequest request) {
        if (failures.exhausted(request.peer())) {
            return Future.failedFuture(new Denied("too many refused attempts from this address; try again later"));
        }
        Future<Grant> decided;
        try {
            decided = switch (request.action()) {
                case CONNECT -> connect(request);
                case PUBLISH -> request.params().has("link") ? link(request) : decide(publish, 0, request);
                case PLAY -> request.params().has("link") ? link(request) : decide(play, 0, request);
            };
        } catch (Denied e) {
            decided = Future.failedFuture(e);
        }
        return decided.onFailure(e -> {
            if (!(e instanceof Denied d) || d.countsAgainstPeer()) {
                failures.refused(request.peer());
            }
        });
    }

    private Future<Grant> connect(AuthRequest request) {
        if (password == null) {
            return Future.succeededFuture(Grant.OPEN);
        }
        return password.connect(request, asksForPassword(request));
    }

    /**
     * Whether a connect without a login is asked for a password: when publishing takes one, the connect is an
     * encoder's ({@code flashVer} FMLE/..., what OBS, ffmpeg and GStreamer send when they publish; players send
     * others), and nothing else could let it publish: no {@code open}, no {@code loopback} for a peer on this
     * machine, no token in the connect's URL. ffmpeg and GStreamer only log in when asked at connect; a token in
     * the stream key alone is not seen until publish, so with {@code password} listed it goes in the server URL.
     */
    boolean asksForPassword(AuthRequest request) {
        List<String> names = options.publish();
        QueryParams p = request.params();
        return names.contains("password") && request.flashVer().startsWith("FMLE/") && !names.contains("open")
                && !(names.contains("loopback") && request.fromLoopback())
                && !p.has("sig") && !p.has("token") && !p.has("authmod");
    }

    /** An edge's upstream link: the cluster's credential, whatever the policy for clients. */
    private Future<Grant> link(AuthRequest request) {
        links.verify(request.action(), request.path(), request.params(), nowMillis.getAsLong());
        return Future.succeededFuture(new Grant(false, "cluster link", 0, "link"));
    }

    private Future<Grant> decide(List<Scheme> schemes, int i, AuthRequest request) {
        if (i == schemes.size()) {
            return Future.failedFuture(new Denied(nobodyDecided(schemes, request)));
        }
        Future<Grant> checked;
        try {
            checked = schemes.get(i).check(request);
        } catch (Denied e) {
            return Future.failedFuture(e);
        }
        return checked.compose(g -> g != null ? Future.succeededFuture(g) : decide(schemes, i + 1, request));
    }

    private static String nobodyDecided(List<Scheme> schemes, AuthRequest request) {
        String what = request.action().wireName() + " of " + request.path();
        List<String> names = schemes.stream().map(Scheme::name).toList();
        if (names.equals(List.of("loopback"))) {
            return what + " is allowed from the server's own machine only";
        }
        return what + " needs " + String.join(" or ", names.stream().filter(n -> !n.equals("loopback")).toList())
                + (names.contains("loopback") ? " (or a connection from the server's own machine)" : "");
    }

    private static Scheme named(String name, java.util.function.Function<AuthRequest, Future<Grant>> check) {
        return new Scheme() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Future<Grant> check(AuthRequest request) {
                return check.apply(request);
            }
        };
    }
}
