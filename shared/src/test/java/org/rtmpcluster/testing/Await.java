package org.rtmpcluster.testing;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition that an asynchronous event makes true, failing with a description after a timeout. */
public final class Await {
    private Await() {
    }

    public static void until(String what, BooleanSupplier condition) {
        until(() -> what, condition, 10_000);
    }

    /** Waits; {@code what} is described when the wait fails, so it can tell the state at that moment. */
    public static void until(Supplier<String> what, BooleanSupplier condition) {
        until(what, condition, 10_000);
    }

    public static void until(Supplier<String> what, BooleanSupplier condition, long timeoutMillis) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeoutMillis + " ms waiting for " + what.get());
            }
            try {
                Thread.sleep(5); // polling a condition set by another thread, not sleeping for correctness
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what.get());
            }
        }
    }

    public static <T> T value(String what, Supplier<T> supplier) {
        Object[] holder = new Object[1];
        until(what, () -> (holder[0] = supplier.get()) != null);
        @SuppressWarnings("unchecked")
        T t = (T) holder[0];
        return t;
    }
}
