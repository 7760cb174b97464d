package org.rtmpcluster.auth;

/**
 * A user of {@code AUTH_USERS_FILE}: name, salt, the stored hash {@code b64(md5(name + salt + password))} (never the
 * password) and what the user may do.
 */
record PasswordUser(String name, String salt, String storedHash, UserPermissions permissions) {
    /** Names and salts are echoed inside a query in the login's replies: no character there may need escaping. */
    static final String NAME_PATTERN = "[A-Za-z0-9._-]{1,64}";
    static final String SALT_PATTERN = "[A-Za-z0-9._~-]{1,64}";

    /** Never the hash: a record's default toString would print it into whatever logs the user. */
    @Override
    public String toString() {
        return "user " + name;
    }
}
