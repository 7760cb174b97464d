package org.rtmpcluster.media;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.rtmpcluster.rtmp.net.VertxInternals;

/** Event-loop identity: handlers may run on duplicated contexts, but fan-out groups players by the loop itself. */
public final class Loops {
    private Loops() {
    }

    public static Context root(Context context) {
        return VertxInternals.rootContext(context);
    }

    /** The root context of the calling thread, or null off Vert.x threads. */
    public static Context current() {
        Context c = Vertx.currentContext();
        return c == null ? null : root(c);
    }
}
