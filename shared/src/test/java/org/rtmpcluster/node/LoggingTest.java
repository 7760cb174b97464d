package org.rtmpcluster.node;

import org.junit.jupiter.api.Test;

import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoggingTest {

    @Test
    void hazelcastCpNoticeIsQuietedAndOtherHazelcastWarningsAreNot() {
        Logging.configure();
        assertFalse(Logger.getLogger("com.hazelcast.cp.CPSubsystem").isLoggable(Level.WARNING),
                "the CP subsystem notice asks nothing of an operator");
        assertTrue(Logger.getLogger("com.hazelcast.cluster.impl.MembershipManager").isLoggable(Level.WARNING),
                "other Hazelcast warnings still reach the log");
    }

    @Test
    void hazelcastsStackTraceOfAPortInUseIsDroppedAndItsOtherRecordsAreNot() {
        Logging.configure();
        Logger picker = Logger.getLogger("com.hazelcast.instance.AddressPicker");
        LogRecord bindFailure = new LogRecord(Level.SEVERE, "Port [5701] is already in use");
        bindFailure.setThrown(new java.net.BindException("Address already in use"));
        assertFalse(picker.getFilter().isLoggable(bindFailure), "the node's start failure line reports it");
        assertTrue(picker.getFilter().isLoggable(new LogRecord(Level.WARNING, "picking an address")));
    }
}
