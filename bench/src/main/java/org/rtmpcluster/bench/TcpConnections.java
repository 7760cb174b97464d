package org.rtmpcluster.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The TCP connections one process holds to a port, read from {@code /proc} as {@code ss -tnp} does: the socket
 * inodes among the process's open files ({@code /proc/PID/fd}, links named {@code socket:[INODE]}) matched against
 * its network namespace's socket tables ({@code /proc/PID/net/tcp} and {@code tcp6}, proc(5)). A JVM's sockets are
 * IPv6 sockets even for IPv4 peers, so both tables are read.
 */
final class TcpConnections {
    /** proc(5) socket states, as the kernel's tcp_states.h numbers them. */
    static final int ESTABLISHED = 0x01;
    static final int CLOSE_WAIT = 0x08;

    /** One connection: its local port (the peer's view of us) and its state. */
    record Connection(int localPort, int state) {
    }

    /** What {@link #of} found: the connections held to the port, and how many files the process has open. */
    record Held(List<Connection> connections, int openFiles) {
    }

    private TcpConnections() {
    }

    /**
     * The connections {@code pid} holds open to {@code remotePort} on any address: established ones, and those the
     * peer has closed but the process has not ({@code CLOSE_WAIT}), which it still owns.
     */
    static Held of(long pid, int remotePort) {
        Set<Long> inodes = new HashSet<>();
        int openFiles = readSocketInodes(pid, inodes);
        List<Connection> held = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6")) {
            try {
                held.addAll(parse(Files.readAllLines(Path.of("/proc", Long.toString(pid), "net", table)), inodes,
                        remotePort));
            } catch (IOException e) {
                throw gone(pid, e);
            }
        }
        return new Held(held, openFiles);
    }

    /** How many files {@code pid} has open. */
    static int openFiles(long pid) {
        return readSocketInodes(pid, new HashSet<>());
    }

    /** The rows of a socket table whose inode is one of {@code inodes} and whose remote port is {@code remotePort}. */
    static List<Connection> parse(List<String> lines, Set<Long> inodes, int remotePort) {
        List<Connection> held = new ArrayList<>();
        for (String line : lines) {
            // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
            String[] f = line.trim().split("\\s+");
            if (f.length < 10 || !f[0].endsWith(":")) {
                continue; // the header line
            }
            int state = Integer.parseInt(f[3], 16);
            if ((state != ESTABLISHED && state != CLOSE_WAIT) || port(f[2]) != remotePort
                    || !inodes.contains(Long.parseLong(f[9]))) {
                continue;
            }
            held.add(new Connection(port(f[1]), state));
        }
        return held;
    }

    /** The port of an {@code ADDRESS:PORT} field, both in hex. */
    private static int port(String addressAndPort) {
        return Integer.parseInt(addressAndPort.substring(addressAndPort.lastIndexOf(':') + 1), 16);
    }

    /** Adds the inodes of the sockets among {@code pid}'s open files to {@code inodes}; returns the file count. */
    private static int readSocketInodes(long pid, Set<Long> inodes) {
        int count = 0;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds) {
                count++;
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException closedMeanwhile) {
                    continue;
                }
                if (target.startsWith("socket:[")) {
                    inodes.add(Long.parseLong(target.substring(8, target.length() - 1)));
                }
            }
        } catch (IOException e) {
            throw gone(pid, e);
        }
        return count;
    }

    private static UncheckedIOException gone(long pid, IOException e) {
        return new UncheckedIOException("process " + pid + " is gone (" + e.getMessage() + ")", e);
    }
}
