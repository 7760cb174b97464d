package org.rtmpcluster.hostile;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The "closing &lt;peer&gt;: &lt;reason&gt;" lines that {@code RtmpConnection} logs once per connection it closes on
 * purpose, captured from its logger (JUL, behind System.Logger) so that a test can tell why a peer was dropped.
 */
final class CloseLog implements AutoCloseable {
    private static final String CONNECTION_LOGGER = "org.rtmpcluster.rtmp.net.RtmpConnection";
    /** The peer label is "address:port" with an optional " app" or " play app/name" after it. */
    private static final Pattern LINE = Pattern.compile("closing [^ ]+:(\\d+)(?: [^:]*)?: (.*)", Pattern.DOTALL);

    /** Held so the logger, and the handler on it, live as long as this log (JUL keeps loggers weakly). */
    private final Logger logger = Logger.getLogger(CONNECTION_LOGGER);
    private final SimpleFormatter formatter = new SimpleFormatter();
    private final List<String> lines = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String line = formatter.formatMessage(record);
            synchronized (lines) {
                lines.add(line);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    CloseLog() {
        handler.setLevel(Level.ALL);
        logger.addHandler(handler);
    }

    /** The reason logged for closing the connection whose client side is on {@code clientPort}, if any yet. */
    Optional<String> reasonFor(int clientPort) {
        synchronized (lines) {
            for (String line : lines) {
                Matcher m = LINE.matcher(line);
                if (m.matches() && Integer.parseInt(m.group(1)) == clientPort) {
                    return Optional.of(m.group(2));
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
