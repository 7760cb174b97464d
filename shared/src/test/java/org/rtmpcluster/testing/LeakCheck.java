package org.rtmpcluster.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Fails a test class when Netty reports a leaked buffer while it ran. Registered for every test class (service
 * file and {@code junit-platform.properties}); the build runs tests with {@code -Dio.netty.leakDetection.level=paranoid},
 * so every buffer is tracked. Netty notices a leak when the leaked buffer has been collected and another is
 * allocated: after each class we collect and allocate until the detector has had its chance.
 */
public final class LeakCheck implements BeforeAllCallback, AfterAllCallback {
    private static final Logger NETTY_LEAKS = Logger.getLogger(ResourceLeakDetector.class.getName());
    private static final List<String> LEAKS = new ArrayList<>();
    private static final Handler RECORDER = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.SEVERE.intValue() && String.valueOf(record.getMessage()).contains("LEAK")) {
                synchronized (LEAKS) {
                    LEAKS.add(format(record));
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    static {
        // Netty logs through java.util.logging here (no SLF4J binding on the test class path).
        NETTY_LEAKS.addHandler(RECORDER);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        synchronized (LEAKS) {
            LEAKS.clear();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50); // lets the collector enqueue the phantom references of leaked buffers
            for (int j = 0; j < 200; j++) {
                ByteBuf probe = PooledByteBufAllocator.DEFAULT.directBuffer(16);
                probe.release();
            }
        }
        synchronized (LEAKS) {
            if (!LEAKS.isEmpty()) {
                String first = LEAKS.get(0);
                int count = LEAKS.size();
                LEAKS.clear();
                throw new AssertionError(count + " leaked buffer(s) reported by Netty in "
                        + context.getDisplayName() + "; first:\n" + first);
            }
        }
    }

    private static String format(LogRecord record) {
        Object[] params = record.getParameters();
        String message = record.getMessage();
        if (params != null) {
            for (Object p : params) {
                message = message.replaceFirst("\\{}", java.util.regex.Matcher.quoteReplacement(String.valueOf(p)));
            }
        }
        return message;
    }
}
