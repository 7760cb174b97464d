package org.rtmpcluster.budget;

import java.util.function.IntConsumer;

/**
 * What a node does when memory runs out anyway: one line, then exit at once for its supervisor to restart it. The
 * launcher's {@code -XX:+ExitOnOutOfMemoryError} covers only errors the JVM itself throws, not Netty's
 * {@code OutOfDirectMemoryError} or the JDK's "cannot reserve direct buffer memory": those reach a connection's
 * handler, which closed the connection and left the node up, broken for every allocation after.
 */
public final class OutOfMemory {
    /** The exit code of {@code -XX:+ExitOnOutOfMemoryError}, so supervisors see one code for both. */
    public static final int EXIT_CODE = 3;
    private static volatile IntConsumer exit = code -> Runtime.getRuntime().halt(code);

    private OutOfMemory() {
    }

    /** Whether {@code failure}, or any of its causes, is an {@link OutOfMemoryError}. */
    public static boolean isCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** Exits the process with {@link #EXIT_CODE} if {@code failure} is memory running out; returns otherwise. */
    public static void exitIfCause(Throwable failure) {
        if (isCause(failure)) {
            // Halt, not exit: shutdown hooks and a graceful leave need memory there may not be.
            System.err.println("node out of memory, exiting for a restart: " + failure);
            System.err.flush();
            exit.accept(EXIT_CODE);
        }
    }

    /** Replaces the exit (tests); returns the one it replaced. */
    public static IntConsumer exitWith(IntConsumer replacement) {
        IntConsumer old = exit;
        exit = replacement;
        return old;
    }
}
