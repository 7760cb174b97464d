package org.rtmpcluster.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;

/**
 * What a player that joined a live stream late must have received, checked packet by packet against the source:
 * per media type, the played packets are exactly the source's last N (a late joiner starts mid-stream, at a
 * keyframe, and from there nothing may be missing, duplicated or reordered), with non-decreasing dts.
 */
public final class PlayedPackets {
    private PlayedPackets() {
    }

    /**
     * Asserts the played video and audio are tails of the source's, with at least {@code minVideoSeconds} of video
     * (so playback that breaks off early fails), and that the codecs match.
     */
    public static void assertTailOfSource(FrameHashes source, FrameHashes played, int minVideoSeconds) {
        assertCodec(played, "video", "h264");
        assertCodec(played, "audio", "aac");
        assertTail("video", source.ofType("video"), played.ofType("video"), minVideoSeconds * Media.FRAMES_PER_SECOND);
        assertTail("audio", source.ofType("audio"), played.ofType("audio"), 1);
        assertDtsNonDecreasing("video", played.ofType("video"));
        assertDtsNonDecreasing("audio", played.ofType("audio"));
    }

    private static void assertCodec(FrameHashes played, String mediaType, String codec) {
        List<FrameHashes.Packet> packets = played.ofType(mediaType);
        if (packets.isEmpty()) {
            fail("player received no " + mediaType + " packets");
        }
        assertEquals(codec, packets.get(0).codec(), "codec of the played " + mediaType);
    }

    public static void assertTail(String what, List<FrameHashes.Packet> source, List<FrameHashes.Packet> played,
            int minPackets) {
        List<String> src = source.stream().map(FrameHashes.Packet::content).toList();
        List<String> got = played.stream().map(FrameHashes.Packet::content).toList();
        if (got.size() < minPackets) {
            fail("player received " + got.size() + " " + what + " packets, fewer than the " + minPackets
                    + " expected (source has " + src.size() + "): playback stopped early or started late");
        }
        if (got.size() > src.size()) {
            fail("player received " + got.size() + " " + what + " packets, more than the source's " + src.size()
                    + ": packets were duplicated");
        }
        List<String> tail = src.subList(src.size() - got.size(), src.size());
        if (tail.equals(got)) {
            return;
        }
        int firstDiff = 0;
        while (tail.get(firstDiff).equals(got.get(firstDiff))) {
            firstDiff++;
        }
        fail("played " + what + " is not the last " + got.size() + " of the source's " + src.size()
                + " packets (size/md5): first played packet is source #" + src.indexOf(got.get(0))
                + " (expected #" + (src.size() - got.size()) + "); first difference at played #" + firstDiff
                + ": played " + got.get(firstDiff) + " (source #" + src.indexOf(got.get(firstDiff))
                + "), expected " + tail.get(firstDiff));
    }

    public static void assertDtsNonDecreasing(String what, List<FrameHashes.Packet> played) {
        for (int i = 1; i < played.size(); i++) {
            if (played.get(i).dts() < played.get(i - 1).dts()) {
                fail("played " + what + " dts goes back at packet #" + i + ": " + played.get(i - 1).dts() + " then "
                        + played.get(i).dts());
            }
        }
    }
}
