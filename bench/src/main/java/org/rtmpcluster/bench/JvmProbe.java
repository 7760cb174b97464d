package org.rtmpcluster.bench;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;

import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * The heap and threads of another JVM on this machine (a node under test), over JMX: the Attach API starts the
 * node's local management agent, as {@code jcmd PID ManagementAgent.start_local} or jconsole would, and one JMX
 * connection then serves every sample. Cheaper than running {@code jcmd GC.run} and {@code GC.heap_info} per
 * sample (each a JVM start, about 0.2 CPU seconds on this machine) and independent of the collector's log format.
 */
final class JvmProbe implements AutoCloseable {
    private final JMXConnector connector;
    private final MemoryMXBean memory;
    private final ThreadMXBean threads;
    private final List<MemoryPoolMXBean> heapPools;

    private JvmProbe(JMXConnector connector) throws IOException {
        this.connector = connector;
        MBeanServerConnection server = connector.getMBeanServerConnection();
        this.memory = ManagementFactory.newPlatformMXBeanProxy(server, ManagementFactory.MEMORY_MXBEAN_NAME,
                MemoryMXBean.class);
        this.threads = ManagementFactory.newPlatformMXBeanProxy(server, ManagementFactory.THREAD_MXBEAN_NAME,
                ThreadMXBean.class);
        this.heapPools = ManagementFactory.getPlatformMXBeans(server, MemoryPoolMXBean.class).stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
    }

    static JvmProbe attach(long pid) throws IOException {
        String address;
        try {
            VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
            try {
                address = vm.startLocalManagementAgent();
            } finally {
                vm.detach();
            }
        } catch (AttachNotSupportedException e) {
            throw new IOException("cannot attach to JVM " + pid + ": " + e.getMessage(), e);
        }
        return new JvmProbe(JMXConnectorFactory.connect(new JMXServiceURL(address)));
    }

    /**
     * Runs a full collection ({@code System.gc()}, as {@code jcmd GC.run} does) and returns the heap it left in use:
     * the sum over the heap's pools of their usage after their latest collection, so allocation since then does not
     * count.
     */
    long heapAfterFullGcBytes() {
        memory.gc();
        long used = 0;
        for (MemoryPoolMXBean pool : heapPools) {
            MemoryUsage after = pool.getCollectionUsage();
            used += after == null ? pool.getUsage().getUsed() : after.getUsed();
        }
        return used;
    }

    int threads() {
        return threads.getThreadCount();
    }

    @Override
    public void close() {
        try {
            connector.close();
        } catch (IOException e) {
            // the node is gone or stopping; nothing to give back
        }
    }
}
