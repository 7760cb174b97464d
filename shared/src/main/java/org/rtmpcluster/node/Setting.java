package org.rtmpcluster.node;

/**
 * One configuration setting: its environment variable, the equivalent flag ({@code RTMP_PORT} is
 * {@code --rtmp-port}), its default and what it means.
 */
record Setting(String env, String defaultValue, String help) {

    String flag() {
        return "--" + env.toLowerCase().replace('_', '-');
    }
}
