package org.rtmpcluster.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Debian's {@code chromium} run headless as a process: loads a page, lets its scripts run, and gives back the DOM
 * they left or a screenshot. Virtual time ({@code --virtual-time-budget}) runs the page's timers as fast as its
 * network requests allow, so a page that polls every 2 s polls several times in about a second of real time.
 */
public final class HeadlessChromium {
    public static final String INSTALL_HINT = "apt-get install -y chromium";
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

    private HeadlessChromium() {
    }

    /** The page's DOM, serialized, once {@code virtualTime} of its timers has run. */
    public static String dumpDom(String url, Duration virtualTime) throws IOException, InterruptedException {
        return run(List.of("--virtual-time-budget=" + virtualTime.toMillis(), "--dump-dom", url), chromium -> {
            chromium.awaitCleanExit(RUN_TIMEOUT);
            return String.join("\n", chromium.stdout().lines());
        });
    }

    /** A PNG of the page in a window of this size, once {@code virtualTime} of its timers has run. */
    public static Path screenshot(String url, Path png, int width, int height, Duration virtualTime)
            throws IOException, InterruptedException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.deleteIfExists(png);
        return run(List.of("--virtual-time-budget=" + virtualTime.toMillis(), "--hide-scrollbars",
                "--window-size=" + width + "," + height, "--screenshot=" + png.toAbsolutePath(), url), chromium -> {
            chromium.awaitCleanExit(RUN_TIMEOUT);
            if (!Files.isRegularFile(png) || Files.size(png) == 0) {
                throw new AssertionError("chromium wrote no screenshot to " + png + "; its stderr:\n"
                        + chromium.stderr().tail());
            }
            return png;
        });
    }

    private interface Run<T> {
        T await(ChildProcess chromium) throws IOException, InterruptedException;
    }

    private static <T> T run(List<String> args, Run<T> await) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("chromium-profile");
        List<String> command = new ArrayList<>(List.of(executable(), "--headless",
                // A container has no user namespaces for Chromium's sandbox, and no GPU.
                "--no-sandbox", "--disable-gpu",
                // Docker's 64 MB /dev/shm is too small for Chromium's shared memory; /tmp is not.
                "--disable-dev-shm-usage",
                // Its own profile: runs at the same time (other modules, other worktrees) must not share one.
                "--user-data-dir=" + profile, "--no-first-run"));
        command.addAll(args);
        try (ChildProcess chromium = ChildProcess.start("chromium", profile, command)) {
            return await.await(chromium);
        } finally {
            delete(profile);
        }
    }

    /** The chromium on the PATH; fails (never skips) with how to install it when there is none. */
    private static String executable() {
        if (!Clients.onPath("chromium")) {
            throw new AssertionError("status page tests need chromium on the PATH: " + INSTALL_HINT);
        }
        return "chromium";
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
