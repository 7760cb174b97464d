package org.rtmpcluster.budget;

import io.netty.util.internal.OutOfDirectMemoryError;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Constructor;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutOfMemoryTest {
    @Test
    void nettysDirectMemoryErrorAndTheJdksCountAsMemoryRunningOutWhereverTheyAreWrapped() throws Exception {
        Constructor<OutOfDirectMemoryError> netty = OutOfDirectMemoryError.class.getDeclaredConstructor(String.class);
        netty.setAccessible(true);
        assertTrue(OutOfMemory.isCause(netty.newInstance("failed to allocate 4194304 byte(s) of direct memory")));
        assertTrue(OutOfMemory.isCause(new IOException("write failed",
                new OutOfMemoryError("Cannot reserve 4194304 bytes of direct buffer memory"))));
        assertFalse(OutOfMemory.isCause(new IOException("Connection reset by peer")));
        assertFalse(OutOfMemory.isCause(new StackOverflowError()));
    }
}
