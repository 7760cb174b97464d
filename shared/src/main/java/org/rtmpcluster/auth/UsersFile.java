package org.rtmpcluster.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code AUTH_USERS_FILE}: one user a line, {@code name:salt:storedHash[:permissions]}, with storedHash
 * {@code b64(md5(name + salt + password))} and permissions as {@link UserPermissions} reads them; blank lines and
 * lines starting with {@code #} are skipped. {@link UsersFileCommand} writes the lines.
 */
final class UsersFile {
    private UsersFile() {
    }

    /**
     * The users of the file at {@code path}.
     *
     * @throws IllegalArgumentException naming the file, and the line when one is wrong (never its hash)
     */
    static Map<String, PasswordUser> read(Path path) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("AUTH_USERS_FILE " + path + " does not read: " + e);
        }
        return parse(text, "AUTH_USERS_FILE " + path);
    }

    /** The users {@code text} lists; {@code source} names it in errors. */
    static Map<String, PasswordUser> parse(String text, String source) {
        Map<String, PasswordUser> users = new LinkedHashMap<>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            PasswordUser user;
            try {
                user = parseLine(line);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + " line " + (i + 1) + ": " + e.getMessage());
            }
            if (users.putIfAbsent(user.name(), user) != null) {
                throw new IllegalArgumentException(source + " line " + (i + 1) + ": user '" + user.name()
                        + "' appears twice");
            }
        }
        if (users.isEmpty()) {
            throw new IllegalArgumentException(source + " lists no user (add one with: rtmp-node user add NAME)");
        }
        return Map.copyOf(users);
    }

    private static PasswordUser parseLine(String line) {
        String[] fields = line.split(":", 4);
        if (fields.length < 3) {
            throw new IllegalArgumentException("not name:salt:hash[:permissions]");
        }
        String name = fields[0];
        String salt = fields[1];
        String hash = fields[2];
        if (!name.matches(PasswordUser.NAME_PATTERN)) {
            throw new IllegalArgumentException("user name '" + name + "' is not 1-64 of A-Z a-z 0-9 . _ -");
        }
        if (!salt.matches(PasswordUser.SALT_PATTERN)) {
            throw new IllegalArgumentException("the salt of '" + name + "' is not 1-64 of A-Z a-z 0-9 . _ ~ -");
        }
        if (!isDigest(hash)) {
            throw new IllegalArgumentException("the hash of '" + name + "' is not the base64 of an MD5 digest "
                    + "(24 characters, as rtmp-node user add writes it)");
        }
        UserPermissions permissions = fields.length == 4 ? UserPermissions.parse(fields[3])
                : UserPermissions.EVERYTHING;
        return new PasswordUser(name, salt, hash, permissions);
    }

    private static boolean isDigest(String hash) {
        try {
            return hash.length() == 24 && Base64.getDecoder().decode(hash).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The line for {@code user}, as the file holds it. */
    static String line(PasswordUser user) {
        String line = user.name() + ":" + user.salt() + ":" + user.storedHash();
        return user.permissions() == UserPermissions.EVERYTHING ? line : line + ":" + user.permissions();
    }
}
