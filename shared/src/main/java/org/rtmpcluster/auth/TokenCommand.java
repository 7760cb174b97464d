package org.rtmpcluster.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code deploy/rtmp-node token publish|play APP/NAME [--ttl SECONDS] [--kid KEY]}: prints the query suffix that
 * lets a client publish or play that key, signed with a key of {@code AUTH_KEYS} or {@code AUTH_KEYS_FILE} (the
 * first unless {@code --kid} names another). What a backend does in three lines, for operators and tests.
 */
public final class TokenCommand {
    private static final String USAGE = "usage: token publish|play APP/NAME [--ttl SECONDS] [--kid KEY]"
            + " (keys from AUTH_KEYS or AUTH_KEYS_FILE)";

    private TokenCommand() {
    }

    public static void main(String[] args) {
        try {
            System.out.println(run(args, System.getenv("AUTH_KEYS"), System.getenv("AUTH_KEYS_FILE"),
                    System.currentTimeMillis()));
        } catch (IllegalArgumentException e) {
            System.err.println("token: " + e.getMessage());
            System.exit(2);
        }
    }

    static String run(String[] args, String keysText, String keysFile, long nowMillis) {
        if (args.length < 2 || !(args[0].equals("publish") || args[0].equals("play"))) {
            throw new IllegalArgumentException(USAGE);
        }
        long ttl = 3600;
        String kid = null;
        for (int i = 2; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value; " + USAGE);
            }
            switch (args[i]) {
                case "--ttl" -> ttl = Long.parseLong(args[i + 1]);
                case "--kid" -> kid = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; " + USAGE);
            }
        }
        AuthKeys keys = AuthKeys.parse(read(keysText, keysFile));
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no keys: set AUTH_KEYS=kid:secret or AUTH_KEYS_FILE");
        }
        String path = args[1].replaceAll("^/+|/+$", "");
        return SignedToken.mint(keys, kid == null ? keys.signingKid() : kid, args[0], path, nowMillis / 1000 + ttl);
    }

    private static String read(String keysText, String keysFile) {
        if (keysFile != null && !keysFile.isBlank()) {
            try {
                return Files.readString(Path.of(keysFile.strip()));
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read AUTH_KEYS_FILE " + keysFile + ": " + e.getMessage());
            }
        }
        return keysText == null ? "" : keysText;
    }
}
