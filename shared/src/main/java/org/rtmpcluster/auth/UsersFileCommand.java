package org.rtmpcluster.auth;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * {@code rtmp-node user add NAME [--publish PATH]... [--play PATH]...}: prints the {@code AUTH_USERS_FILE} line for a
 * new user, to append to the file. The password is read from the console without echo (asked twice), or as the
 * first line of stdin when there is no console; never from the command line, where {@code ps} would show it.
 * Without {@code --publish} or {@code --play}, the user may publish and play every key; with them, only those
 * (a key, or a prefix ending in {@code *}).
 */
public final class UsersFileCommand {
    static final String USAGE = "usage: rtmp-node user add NAME [--publish PATH]... [--play PATH]...  "
            + "(reads the password from the console or stdin; prints the line to append to AUTH_USERS_FILE)";
    /** Random per user, so that two users with one password have unrelated hashes. */
    private static final int SALT_BYTES = 12;

    private UsersFileCommand() {
    }

    public static void main(String[] args) {
        try {
            NewUser user = parse(args); // before asking for a password, so that a typo is told at once
            System.out.println(user.line(readPassword()));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
    }

    /** The user {@code args} ({@code [user] add NAME [--publish PATH]... [--play PATH]...}) asks for. */
    record NewUser(String name, UserPermissions permissions) {
        /** Its line, with {@code password} (cleared after use) and a fresh salt. */
        String line(char[] password) {
            if (password == null || password.length == 0) {
                throw new IllegalArgumentException("no password given (type it when asked, or pipe it on stdin)");
            }
            String salt = salt();
            String hash = AdobeDigest.storedHash(name, salt, new String(password));
            Arrays.fill(password, '\0');
            return UsersFile.line(new PasswordUser(name, salt, hash, permissions));
        }
    }

    static NewUser parse(String[] args) {
        List<String> a = new ArrayList<>(List.of(args));
        if (!a.isEmpty() && a.get(0).equals("user")) {
            a.remove(0); // called with the launcher's own first argument
        }
        if (a.size() < 2 || !a.get(0).equals("add")) {
            throw new IllegalArgumentException(USAGE);
        }
        String name = a.get(1);
        if (!name.matches(PasswordUser.NAME_PATTERN)) {
            throw new IllegalArgumentException("user name '" + name + "' is not 1-64 of A-Z a-z 0-9 . _ -");
        }
        List<String> permissions = new ArrayList<>();
        for (int i = 2; i < a.size(); i += 2) {
            String flag = a.get(i);
            if (!(flag.equals("--publish") || flag.equals("--play")) || i + 1 >= a.size()) {
                throw new IllegalArgumentException(USAGE);
            }
            permissions.add(flag.substring(2) + ":" + UserPermissions.checkedPattern(a.get(i + 1)));
        }
        return new NewUser(name, permissions.isEmpty() ? UserPermissions.EVERYTHING
                : UserPermissions.parse(String.join(",", permissions)));
    }

    private static String salt() {
        byte[] bytes = new byte[SALT_BYTES];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static char[] readPassword() {
        Console console = System.console();
        if (console != null) {
            char[] first = console.readPassword("password for the new user: ");
            char[] again = console.readPassword("the same password again: ");
            if (first == null || !Arrays.equals(first, again)) {
                throw new IllegalArgumentException("the two passwords differ");
            }
            return first;
        }
        try {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null) {
                return null;
            }
            return line.toCharArray();
        } catch (IOException e) {
            throw new IllegalArgumentException("stdin does not read: " + e.getMessage());
        }
    }
}
