package org.rtmpcluster.rtmp.amf;

import java.time.Instant;

/** AMF dates (AMF0 0x0B, AMF3 0x08) are a double of milliseconds since the epoch, UTC. */
final class AmfDates {

    /** ECMA-262 §21.4.1.1: a time value lies within ±8.64e15 ms of the epoch; further out is not a date. */
    static final double MAX_TIME_VALUE_MS = 8.64e15;

    private AmfDates() {
    }

    static Instant toInstant(double millis, String what) {
        if (!(Math.abs(millis) <= MAX_TIME_VALUE_MS)) { // also refuses NaN
            throw new AmfException(what + " " + millis + " ms out of range ±" + MAX_TIME_VALUE_MS);
        }
        double whole = Math.floor(millis);
        long nanos = Math.round((millis - whole) * 1_000_000);
        return Instant.ofEpochMilli((long) whole).plusNanos(nanos);
    }

    static double toMillis(Instant instant) {
        // Not toEpochMilli(): that throws for instants beyond a long of milliseconds.
        return instant.getEpochSecond() * 1000.0 + instant.getNano() / 1_000_000.0;
    }
}
