package org.rtmpcluster.rtmp.message;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A NetConnection/NetStream command (types 20 and 17): name, transaction id, command object (often null)
 * and the remaining arguments.
 */
public record Command(String name, double transactionId, Object commandObject, List<Object> args,
                      int messageStreamId) implements RtmpMessage {

    public Command {
        // AMF null is a legal argument (e.g. play's command object), so List.copyOf won't do.
        args = Collections.unmodifiableList(new ArrayList<>(args));
    }

    /** The i-th argument after the command object, or null when absent. */
    public Object arg(int i) {
        return i < args.size() ? args.get(i) : null;
    }

    /** The i-th argument as a string, or null when absent or not a string. */
    public String stringArg(int i) {
        return arg(i) instanceof String s ? s : null;
    }

    /** The i-th argument as a number, or {@code fallback}. */
    public double numberArg(int i, double fallback) {
        return arg(i) instanceof Number n ? n.doubleValue() : fallback;
    }

    /** A property of the command object (connect's app, tcUrl, ...), or null. */
    public Object property(String key) {
        return commandObject instanceof Map<?, ?> m ? m.get(key) : null;
    }
}
