package org.rtmpcluster.interop;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a node that would not start complained of: everything it wrote except its INFO log records and the JVM's
 * own notices ("Picked up JAVA_TOOL_OPTIONS"). A node says why it stops in exactly one line, with no stack trace.
 */
public final class StartFailureLines {
    /** {@link org.rtmpcluster.node.Logging}'s format: date, time, level. */
    private static final Pattern INFO_RECORD = Pattern.compile("^\\S+ \\S+ INFO ");
    private static final int QUOTED = 40;

    private StartFailureLines() {
    }

    /** The one line the exited process complained with; fails, quoting them all, if it wrote more or none. */
    public static String onlyComplaint(ChildProcess process) {
        List<String> complaints = Stream.concat(process.stdout().lines().stream(), process.stderr().lines().stream())
                .filter(line -> !INFO_RECORD.matcher(line).find() && !line.startsWith("Picked up "))
                .toList();
        if (complaints.size() != 1) {
            throw new AssertionError(process + " should say why it stopped in exactly one line; it wrote "
                    + complaints.size() + ":\n  " + String.join("\n  ", complaints.stream().limit(QUOTED).toList()));
        }
        return complaints.get(0);
    }
}
