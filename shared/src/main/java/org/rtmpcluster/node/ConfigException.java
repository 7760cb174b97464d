package org.rtmpcluster.node;

/** A setting that cannot be used; the node stops with this message and exit code 2. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
