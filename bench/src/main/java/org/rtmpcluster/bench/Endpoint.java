package org.rtmpcluster.bench;

/** Where a publisher or player connects: {@code rtmp://host:port/app}. */
record Endpoint(String host, int port, String app) {

    /** Parses {@code host:port}; the app is the same on every server of a run. */
    static Endpoint parse(String hostPort, String app) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("expected host:port, got " + hostPort);
        }
        return new Endpoint(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)), app);
    }

    @Override
    public String toString() {
        return "rtmp://" + host + ":" + port + "/" + app;
    }
}
