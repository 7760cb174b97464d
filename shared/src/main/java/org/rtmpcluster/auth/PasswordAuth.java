package org.rtmpcluster.auth;

import io.vertx.core.Future;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Username and password as OBS ("Use authentication"), ffmpeg ({@code rtmp://user:pass@host/app/key}) and GStreamer
 * send them: the {@code authmod=adobe} challenge-response at connect, against the users of {@code AUTH_USERS_FILE}.
 * For publish and play, the credential is the user the connection logged in as.
 *
 * <p>The login takes up to three connects, each answered with {@code NetConnection.Connect.Rejected} until the
 * last: (1) a plain connect is told {@code authmod=adobe} is needed; (2) {@code app?authmod=adobe&user=U} gets the
 * user's salt, a random challenge and opaque; (3) the client sends its own challenge2 and
 * {@code response = b64(md5(b64(md5(U + salt + password)) + opaque + challenge2))} with the opaque, and is let in.
 * ffmpeg, GStreamer and librtmp hash the opaque when there is one; a client that hashes the challenge instead
 * (Wirecast) is accepted too. MD5 over plain RTMP is readable by anyone on the path (and the stored hash is as good as
 * the password), so a login is taken in the clear only from loopback unless the operator allows it.
 */
final class PasswordAuth implements Scheme {
    static final String NEED_AUTH = "[ AccessManager.Reject ] : [ code=403 need auth; authmod=adobe ] : ";
    static final String ADOBE_REJECT = "[ AccessManager.Reject ] : [ authmod=adobe ] : ";
    static final String AUTH_FAILED = ADOBE_REJECT + "?reason=authfailed";
    static final String NO_SUCH_USER = ADOBE_REJECT + "?reason=nosuchuser";
    static final String PLAINTEXT_REFUSED =
            "password login needs RTMPS or loopback (AUTH_PASSWORD_PLAINTEXT=on to allow)";
    /** Longer than any client's challenge2 (8 characters) or response (24): refused without hashing. */
    private static final int MAX_ANSWER_CHARS = 64;

    private final Map<String, PasswordUser> users;
    private final AdobeChallenges challenges;
    private final boolean plaintext;

    PasswordAuth(Map<String, PasswordUser> users, AdobeChallenges challenges, boolean plaintext) {
        this.users = users;
        this.challenges = challenges;
        this.plaintext = plaintext;
    }

    /**
     * The scheme for {@code options}: reads {@code AUTH_USERS_FILE} (once, at start).
     *
     * @throws IllegalArgumentException naming the file and line when it does not read or parse
     */
    static PasswordAuth create(AuthOptions options, LongSupplier nowMillis) {
        return new PasswordAuth(UsersFile.read(Path.of(options.usersFile())),
                new AdobeChallenges(AdobeChallenges.DEFAULT_MAX_OUTSTANDING, AdobeChallenges.DEFAULT_TTL_MILLIS,
                        nowMillis), options.passwordPlaintext());
    }

    @Override
    public String name() {
        return "password";
    }

    /**
     * A connect: runs the login the query started; with none, asks for one when {@code askPlain}, else passes
     * ({@link Grant#OPEN}).
     */
    Future<Grant> connect(AuthRequest request, boolean askPlain) {
        try {
            return Future.succeededFuture(login(request, askPlain));
        } catch (Denied d) {
            return Future.failedFuture(d);
        }
    }

    private Grant login(AuthRequest request, boolean askPlain) {
        QueryParams p = request.params();
        String authmod = p.get("authmod");
        if (authmod == null) {
            if (askPlain) {
                throw Denied.challenge(NEED_AUTH);
            }
            return Grant.OPEN;
        }
        if (!authmod.equals("adobe")) {
            throw new Denied("this server takes authmod=adobe logins only"); // the client's text is not echoed
        }
        if (!request.fromLoopback() && !plaintext) {
            throw new Denied(PLAINTEXT_REFUSED);
        }
        if (p.has("response")) {
            return answer(p);
        }
        String name = p.get("user");
        PasswordUser user = name == null ? null : users.get(name);
        if (user == null) {
            throw new Denied(NO_SUCH_USER);
        }
        AdobeChallenges.Pending pending = challenges.issue(user.name());
        if (pending == null) {
            throw new Denied("too many password logins in progress; try again later");
        }
        throw Denied.challenge(ADOBE_REJECT + "?reason=needauth&user=" + user.name() + "&salt=" + user.salt()
                + "&challenge=" + pending.challenge() + "&opaque=" + pending.opaque());
    }

    /** Step 3: the challenge is spent whatever the answer, so each one can be tried once. */
    private Grant answer(QueryParams p) {
        AdobeChallenges.Pending pending = challenges.take(p.get("opaque"));
        String name = p.get("user");
        PasswordUser user = name == null ? null : users.get(name);
        String challenge2 = base64Value(p.get("challenge"));
        String response = base64Value(p.get("response"));
        if (pending == null || user == null || !pending.user().equals(user.name()) || challenge2 == null
                || response == null) {
            throw new Denied(AUTH_FAILED);
        }
        byte[] given = response.getBytes(StandardCharsets.US_ASCII);
        // Both hashes are computed and compared every time, so the answer's timing says nothing of which matched.
        boolean withOpaque = MessageDigest.isEqual(given, AdobeDigest.response(user.storedHash(), pending.opaque(),
                challenge2).getBytes(StandardCharsets.US_ASCII));
        boolean withChallenge = MessageDigest.isEqual(given, AdobeDigest.response(user.storedHash(),
                pending.challenge(), challenge2).getBytes(StandardCharsets.US_ASCII));
        if (!(withOpaque | withChallenge)) {
            throw new Denied(AUTH_FAILED);
        }
        return Grant.credentialed(name(), user.name(), 0);
    }

    /**
     * A base64 value from the query as the client wrote it: the query was form-decoded, which turns a base64
     * {@code +} (librtmp's challenge2, any response) into a space. Null when absent or too long to be an answer.
     */
    private static String base64Value(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_ANSWER_CHARS) {
            return null;
        }
        return value.replace(' ', '+');
    }

    /** Publish or play by a connection that logged in: allowed when that user may; without a login, abstains. */
    @Override
    public Future<Grant> check(AuthRequest request) {
        String name = request.user();
        if (name == null) {
            return Future.succeededFuture();
        }
        PasswordUser user = users.get(name);
        if (user == null || !user.permissions().allows(request.action(), request.path())) {
            return Future.failedFuture(new Denied("user " + name + " may not " + request.action().wireName()
                    + " " + request.path()));
        }
        return Future.succeededFuture(Grant.credentialed(name(), user.name(), 0));
    }
}
