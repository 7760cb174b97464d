package org.rtmpcluster.interop;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Test media made at test time from ffmpeg's lavfi sources, so nothing binary is committed: H.264 320x240 at
 * 25 fps with a keyframe every second (one GOP = 25 frames) and AAC 44.1 kHz mono, in FLV.
 */
public final class Media {
    public static final int SECONDS = 8;
    public static final int FRAMES_PER_SECOND = 25;

    private Media() {
    }

    /** Writes {@code src.flv} into the directory and returns it. */
    public static Path makeTestFlv(Path dir) throws IOException, InterruptedException {
        Path flv = dir.resolve("src.flv");
        try (ChildProcess ffmpeg = ChildProcess.start("ffmpeg make test media", dir, Clients.ffmpeg(
                "-f", "lavfi", "-i", "testsrc=size=320x240:rate=" + FRAMES_PER_SECOND,
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
                "-t", Integer.toString(SECONDS),
                "-c:v", "libx264", "-preset", "ultrafast", "-g", Integer.toString(FRAMES_PER_SECOND),
                "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "64k", "-f", "flv", "-y", flv.toString()))) {
            ffmpeg.awaitCleanExit(Duration.ofSeconds(60));
        }
        return flv;
    }
}
