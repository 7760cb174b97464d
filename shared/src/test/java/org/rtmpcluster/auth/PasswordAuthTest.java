package org.rtmpcluster.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PasswordAuthTest {
    private static final String SALT = "s4lt";
    /** b64(md5("alice" + "s4lt" + "secret")), computed with openssl md5 -binary | base64. */
    private static final String ALICE_HASH = "nMFgoFYWB/+t4XoQgEzhGg==";
    private static final String USERS = "# users\n\nalice:" + SALT + ":" + ALICE_HASH + "\n"
            + "bob:b0b:" + AdobeDigest.storedHash("bob", "b0b", "hunter2") + ":publish:live/bob*,play:live/cam1\n";
    private static final Pattern NEEDAUTH = Pattern.compile(
            Pattern.quote("[ AccessManager.Reject ] : [ authmod=adobe ] : ")
            + "\\?reason=needauth&user=([^&]+)&salt=([^&]+)&challenge=([A-Za-z0-9_-]{16})&opaque=([A-Za-z0-9_-]{16})");

    private final AtomicLong now = new AtomicLong(1_000_000);
    private PasswordAuth auth = scheme(false, 10);

    private PasswordAuth scheme(boolean plaintext, int maxOutstanding) {
        return new PasswordAuth(UsersFile.parse(USERS, "test users"),
                new AdobeChallenges(maxOutstanding, 60_000, now::get), plaintext);
    }

    private static AuthRequest connect(String query, String peer) {
        return new AuthRequest(AuthRequest.Action.CONNECT, "live", null, query, peer, "s1", "FMLE/3.0", null);
    }

    private static Denied refusal(Future<Grant> f) {
        assertTrue(f.failed(), () -> "expected a refusal, got " + f.result());
        return (Denied) f.cause();
    }

    /** Step 2 for {@code user}: the challenge's salt, challenge and opaque, after checking the reply's form. */
    private Matcher challenged(String user, String peer) {
        Denied d = refusal(auth.connect(connect("authmod=adobe&user=" + user, peer), false));
        assertTrue(d.isChallenge(), "a challenge is not a failed attempt");
        Matcher m = NEEDAUTH.matcher(d.getMessage());
        assertTrue(m.matches(), d.getMessage());
        return m;
    }

    /** Step 3 as ffmpeg and GStreamer build it: hex challenge2, the opaque hashed and sent back. */
    private static String answer(String user, String password, Matcher step2, String challenge2) {
        String hash = AdobeDigest.storedHash(user, step2.group(2), password);
        return "authmod=adobe&user=" + user + "&challenge=" + challenge2 + "&response="
                + AdobeDigest.response(hash, step2.group(4), challenge2) + "&opaque=" + step2.group(4);
    }

    @Test
    void digestsAreWhatOpensslComputes() {
        assertEquals(ALICE_HASH, AdobeDigest.storedHash("alice", SALT, "secret"));
        // printf '%s' "${hash}OPAQUE12345678" | openssl md5 -binary | base64
        assertEquals("6XtyNOiHHQHdf127OSwfSA==", AdobeDigest.response(ALICE_HASH, "OPAQUE", "12345678"));
    }

    @Test
    void plainConnectOfAnEncoderIsToldToLogInWithAdobeAuth() {
        Denied d = refusal(auth.connect(connect("", "127.0.0.1"), true));
        assertEquals("[ AccessManager.Reject ] : [ code=403 need auth; authmod=adobe ] : ", d.getMessage());
        assertTrue(d.isChallenge());
    }

    @Test
    void plainConnectNotAskedForALoginPasses() {
        assertEquals(Grant.OPEN, auth.connect(connect("", "127.0.0.1"), false).result());
    }

    @Test
    void loginAsFfmpegComputesItIsGranted() {
        Matcher step2 = challenged("alice", "127.0.0.1");
        assertEquals("alice", step2.group(1));
        assertEquals(SALT, step2.group(2), "the user's own stored salt");
        assertFalse(step2.group(3).equals(step2.group(4)), "challenge and opaque are separate random values");
        Future<Grant> granted = auth.connect(connect(answer("alice", "secret", step2, "1a2b3c4d"), "127.0.0.1"),
                false);
        assertEquals(Grant.credentialed("password", "alice", 0), granted.result());
    }

    @Test
    void answerHashingTheChallengeInsteadOfTheOpaqueIsGrantedToo() {
        Matcher step2 = challenged("alice", "127.0.0.1");
        String response = AdobeDigest.response(ALICE_HASH, step2.group(3), "0badf00d");
        Future<Grant> granted = auth.connect(connect("authmod=adobe&user=alice&challenge=0badf00d&response="
                + response + "&opaque=" + step2.group(4), "127.0.0.1"), false);
        assertEquals("alice", granted.result().subject());
    }

    @Test
    void librtmpsBase64Challenge2WithAPlusSurvivesTheQueryDecoding() {
        Matcher step2 = challenged("alice", "127.0.0.1");
        String challenge2 = "q+/xZw=="; // librtmp: base64 of a random int, written raw into the app
        String query = answer("alice", "secret", step2, challenge2);
        assertTrue(auth.connect(connect(query, "127.0.0.1"), false).succeeded());
        // and percent-encoded, as a careful client would write it
        Matcher again = challenged("alice", "127.0.0.1");
        String hash = AdobeDigest.storedHash("alice", SALT, "secret");
        String encoded = "authmod=adobe&user=alice&challenge=" + URLEncoder.encode(challenge2, StandardCharsets.UTF_8)
                + "&response=" + URLEncoder.encode(AdobeDigest.response(hash, again.group(4), challenge2),
                StandardCharsets.UTF_8) + "&opaque=" + again.group(4);
        assertTrue(auth.connect(connect(encoded, "127.0.0.1"), false).succeeded());
    }

    @Test
    void wrongPasswordIsRefusedAsAuthfailedAndCountsAsAFailure() {
        Matcher step2 = challenged("alice", "127.0.0.1");
        Denied d = refusal(auth.connect(connect(answer("alice", "Secret", step2, "1a2b3c4d"), "127.0.0.1"), false));
        assertEquals("[ AccessManager.Reject ] : [ authmod=adobe ] : ?reason=authfailed", d.getMessage());
        assertFalse(d.isChallenge());
    }

    @Test
    void aChallengeIsSpentByItsFirstAnswerRightOrWrong() {
        Matcher step2 = challenged("alice", "127.0.0.1");
        String right = answer("alice", "secret", step2, "1a2b3c4d");
        assertTrue(auth.connect(connect(right, "127.0.0.1"), false).succeeded());
        assertEquals(PasswordAuth.AUTH_FAILED, refusal(auth.connect(connect(right, "127.0.0.1"), false))
                .getMessage(), "a replayed answer");

        Matcher other = challenged("alice", "127.0.0.1");
        refusal(auth.connect(connect(answer("alice", "guess", other, "1a2b3c4d"), "127.0.0.1"), false));
        assertEquals(PasswordAuth.AUTH_FAILED, refusal(auth.connect(connect(answer("alice", "secret", other,
                "1a2b3c4d"), "127.0.0.1"), false)).getMessage(), "the right answer after a wrong one");
    }

    @Test
    void anAnswerToAnotherUsersChallengeOrNoChallengeIsRefused() {
        Matcher forBob = challenged("bob", "127.0.0.1");
        String hash = AdobeDigest.storedHash("alice", SALT, "secret");
        String query = "authmod=adobe&user=alice&challenge=1a2b3c4d&response="
                + AdobeDigest.response(hash, forBob.group(4), "1a2b3c4d") + "&opaque=" + forBob.group(4);
        assertEquals(PasswordAuth.AUTH_FAILED, refusal(auth.connect(connect(query, "127.0.0.1"), false))
                .getMessage());
        assertEquals(PasswordAuth.AUTH_FAILED, refusal(auth.connect(connect(
                "authmod=adobe&user=alice&challenge=1a2b3c4d&response=xyz&opaque=made-up", "127.0.0.1"), false))
                .getMessage());
    }

    @Test
    void challengeLapsesAfterItsLifetime() {
        Matcher step2 = challenged("alice", "127.0.0.1");
        now.addAndGet(60_000);
        assertEquals(PasswordAuth.AUTH_FAILED, refusal(auth.connect(connect(answer("alice", "secret", step2,
                "1a2b3c4d"), "127.0.0.1"), false)).getMessage());
    }

    @Test
    void unknownUserIsToldNosuchuser() {
        Denied d = refusal(auth.connect(connect("authmod=adobe&user=mallory", "127.0.0.1"), false));
        assertEquals("[ AccessManager.Reject ] : [ authmod=adobe ] : ?reason=nosuchuser", d.getMessage());
        assertFalse(d.isChallenge());
        assertEquals(PasswordAuth.NO_SUCH_USER, refusal(auth.connect(connect("authmod=adobe", "127.0.0.1"), false))
                .getMessage());
    }

    @Test
    void fullTableRefusesNewChallengesUntilOnesLapse() {
        auth = scheme(false, 2);
        challenged("alice", "127.0.0.1");
        challenged("alice", "127.0.0.1");
        Denied full = refusal(auth.connect(connect("authmod=adobe&user=alice", "127.0.0.1"), false));
        assertEquals("too many password logins in progress; try again later", full.getMessage());
        now.addAndGet(60_000);
        challenged("alice", "127.0.0.1");
    }

    @Test
    void loginOverPlainRtmpFromAnotherHostNeedsThePlaintextSetting() {
        String remote = "203.0.113.7";
        for (String query : List.of("authmod=adobe&user=alice",
                "authmod=adobe&user=alice&challenge=1a2b3c4d&response=abc&opaque=x")) {
            Denied d = refusal(auth.connect(connect(query, remote), false));
            assertEquals("password login needs RTMPS or loopback (AUTH_PASSWORD_PLAINTEXT=on to allow)",
                    d.getMessage());
        }
        challenged("alice", "::1");
        auth = scheme(true, 10);
        Matcher step2 = challenged("alice", remote);
        assertTrue(auth.connect(connect(answer("alice", "secret", step2, "1a2b3c4d"), remote), false).succeeded());
    }

    @Test
    void otherAuthmodIsRefusedWithoutEchoingIt() {
        Denied d = refusal(auth.connect(connect("authmod=llnw%0Aforged&user=alice", "127.0.0.1"), false));
        assertEquals("this server takes authmod=adobe logins only", d.getMessage());
    }

    @Test
    void publishAndPlayFollowTheUsersPermissions() {
        AuthRequest bobPublishes = new AuthRequest(AuthRequest.Action.PUBLISH, "live", "bob-cam", "", "127.0.0.1",
                "s", "FMLE/3.0", "bob");
        assertEquals(Grant.credentialed("password", "bob", 0), auth.check(bobPublishes).result());
        AuthRequest bobPlaysCam1 = new AuthRequest(AuthRequest.Action.PLAY, "live", "cam1", "", "127.0.0.1", "s",
                "", "bob");
        assertTrue(auth.check(bobPlaysCam1).succeeded());
        AuthRequest bobPlaysCam2 = new AuthRequest(AuthRequest.Action.PLAY, "live", "cam2", "", "127.0.0.1", "s",
                "", "bob");
        assertEquals("user bob may not play live/cam2", auth.check(bobPlaysCam2).cause().getMessage());
        AuthRequest bobPublishesCam1 = new AuthRequest(AuthRequest.Action.PUBLISH, "live", "cam1", "", "127.0.0.1",
                "s", "", "bob");
        assertTrue(auth.check(bobPublishesCam1).failed());
        // without a list, everything
        assertTrue(auth.check(new AuthRequest(AuthRequest.Action.PUBLISH, "other", "x", "", "127.0.0.1", "s", "",
                "alice")).succeeded());
        // without a login, the scheme abstains
        Future<Grant> nobody = auth.check(new AuthRequest(AuthRequest.Action.PUBLISH, "live", "cam1", "",
                "127.0.0.1"));
        assertTrue(nobody.succeeded());
        assertNull(nobody.result());
    }

    @Test
    void usersFileErrorsNameTheFileAndLineButNeverTheHash(@TempDir Path dir) throws IOException {
        String hash = AdobeDigest.storedHash("carol", "x", "pw");
        Map<String, String> broken = Map.of(
                "alice:" + SALT + "\n", "line 1: not name:salt:hash[:permissions]",
                "# c\nal ice:s:" + hash + "\n", "line 2: user name 'al ice' is not",
                "carol:s&t:" + hash + "\n", "line 1: the salt of 'carol' is not",
                "carol:s:" + hash.substring(1) + "\n", "line 1: the hash of 'carol' is not the base64 of an MD5",
                "carol:s:" + hash + ":publish:live/*,watch:x\n", "line 1: permission 'watch:x' is not",
                "carol:s:" + hash + ":publish:live/*x*\n", "line 1: permission path 'live/*x*'",
                "carol:s:" + hash + "\n\ncarol:t:" + hash + "\n", "line 3: user 'carol' appears twice",
                "# nobody\n", "lists no user");
        for (Map.Entry<String, String> e : broken.entrySet()) {
            Path file = dir.resolve("users.txt");
            Files.writeString(file, e.getKey());
            IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                    () -> PasswordAuth.create(options(file.toString()), System::currentTimeMillis));
            assertTrue(thrown.getMessage().startsWith("AUTH_USERS_FILE " + file + " "), thrown.getMessage());
            assertTrue(thrown.getMessage().contains(e.getValue()), thrown.getMessage());
            assertFalse(thrown.getMessage().contains(hash.substring(1, 20)), thrown.getMessage());
        }
        Path missing = dir.resolve("absent.txt");
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                () -> PasswordAuth.create(options(missing.toString()), System::currentTimeMillis));
        assertTrue(thrown.getMessage().startsWith("AUTH_USERS_FILE " + missing + " does not read"),
                thrown.getMessage());
    }

    @Test
    void usersFileIsReadAtCreate(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("users.txt");
        Files.writeString(file, USERS);
        auth = PasswordAuth.create(options(file.toString()), now::get);
        Matcher step2 = challenged("alice", "127.0.0.1");
        assertTrue(auth.connect(connect(answer("alice", "secret", step2, "1a2b3c4d"), "127.0.0.1"), false)
                .succeeded());
    }

    @Test
    void userAddWritesALineThatLogsInWithThatPassword() {
        String line = UsersFileCommand.parse(new String[] {"user", "add", "dave", "--publish", "live/dave*",
                "--play", "live/*"}).line("s3cret pass".toCharArray());
        String[] fields = line.split(":", 4);
        assertEquals("dave", fields[0]);
        assertTrue(fields[1].matches("[A-Za-z0-9_-]{16}"), "a random salt: " + fields[1]);
        assertEquals(AdobeDigest.storedHash("dave", fields[1], "s3cret pass"), fields[2]);
        assertEquals("publish:live/dave*,play:live/*", fields[3]);
        PasswordUser dave = UsersFile.parse(line, "test").get("dave");
        assertTrue(dave.permissions().allows(AuthRequest.Action.PUBLISH, "live/dave-cam"));
        assertFalse(dave.permissions().allows(AuthRequest.Action.PUBLISH, "live/cam1"));
        assertFalse(dave.toString().contains(fields[2]), "a user prints without its hash");

        String everything = UsersFileCommand.parse(new String[] {"add", "erin"}).line("pw".toCharArray());
        assertEquals(3, everything.split(":").length, "no list: every key");
        String other = UsersFileCommand.parse(new String[] {"add", "erin"}).line("pw".toCharArray());
        assertFalse(everything.equals(other), "a fresh salt each time");
    }

    @Test
    void userAddRefusesBadArguments() {
        for (String[] args : List.of(new String[] {"add"}, new String[] {"remove", "x"},
                new String[] {"add", "a:b"}, new String[] {"add", "x", "--publish"},
                new String[] {"add", "x", "--admin", "y"}, new String[] {"add", "x", "--play", "a b"})) {
            assertThrows(IllegalArgumentException.class, () -> UsersFileCommand.parse(args), String.join(" ", args));
        }
        assertThrows(IllegalArgumentException.class,
                () -> UsersFileCommand.parse(new String[] {"add", "x"}).line(new char[0]));
    }

    @Test
    void policyAsksAnEncoderForALoginAndGrantsTheLoggedInUsersPublish(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("users.txt");
        Files.writeString(file, USERS);
        Vertx vertx = Vertx.vertx();
        try {
            AuthOptions options = new AuthOptions(List.of("password"), List.of("open"), AuthKeys.NONE,
                    AuthOptions.DEFAULT_MAX_TTL_SECONDS, false, JwtOptions.NONE, WebhookOptions.NONE,
                    file.toString(), false, 2);
            AuthPolicy policy = AuthPolicy.create(vertx, options, "n1", "origin", now::get);
            Denied asked = refusal(policy.authorize(connect("", "127.0.0.1")));
            assertEquals(PasswordAuth.NEED_AUTH, asked.getMessage());
            AuthRequest player = new AuthRequest(AuthRequest.Action.CONNECT, "live", null, "", "127.0.0.1", "s",
                    "LNX 9,0,124,2", null);
            assertEquals(Grant.OPEN, policy.authorize(player).result(), "players are not asked");
            assertEquals("alice", policy.authorize(new AuthRequest(AuthRequest.Action.PUBLISH, "live", "cam", "",
                    "127.0.0.1", "s", "FMLE/3.0", "alice")).result().subject());
            // wrong answers count in the address's budget; challenges do not
            for (int i = 0; i < 3; i++) {
                refusal(policy.authorize(connect("authmod=adobe&user=alice", "127.0.0.1")));
            }
            for (int i = 0; i < 4; i++) {
                refusal(policy.authorize(connect("authmod=adobe&user=alice&challenge=1&response=2&opaque=3",
                        "127.0.0.1")));
            }
            assertEquals("too many refused attempts from this address; try again later",
                    refusal(policy.authorize(connect("authmod=adobe&user=alice", "127.0.0.1"))).getMessage());
        } finally {
            vertx.close();
        }
    }

    private static AuthOptions options(String usersFile) {
        return new AuthOptions(List.of("password"), List.of("open"), AuthKeys.NONE,
                AuthOptions.DEFAULT_MAX_TTL_SECONDS, false, JwtOptions.NONE, WebhookOptions.NONE, usersFile, false,
                AuthOptions.DEFAULT_FAILURES_PER_MINUTE);
    }
}
