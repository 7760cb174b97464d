package org.rtmpcluster.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The packets of a stream as ffmpeg's framemd5 muxer lists them: one line per packet with its stream, dts, pts,
 * duration, size and MD5. With {@code -c copy} the hash is of the packet bytes as carried, so two lists can be
 * compared packet by packet. Streams are told apart by the header's {@code #media_type N: video} lines, not by
 * index: a player's stream indices differ from the source's (ffmpeg adds a data stream for RTMP).
 */
public record FrameHashes(List<Packet> packets) {

    /** One framemd5 line; {@code mediaType} and {@code codec} come from the header lines for its stream. */
    public record Packet(String mediaType, String codec, int stream, long dts, long pts, long duration, int size,
            String hash) {
        /** What identifies the packet's content, whatever its timestamps. */
        public String content() {
            return size + "/" + hash;
        }
    }

    public FrameHashes {
        packets = List.copyOf(packets);
    }

    /** Runs {@code ffmpeg -i media -c copy -f framemd5} and parses its output. */
    public static FrameHashes of(Path media) throws IOException, InterruptedException {
        Path out = media.resolveSibling(media.getFileName() + ".framemd5");
        try (ChildProcess ffmpeg = ChildProcess.start("ffmpeg framemd5 " + media.getFileName(), media.getParent(),
                Clients.ffmpeg("-i", media.toString(), "-c", "copy", "-f", "framemd5", "-y", out.toString()))) {
            ffmpeg.awaitCleanExit(Duration.ofSeconds(30));
        }
        return read(out);
    }

    /** Parses a framemd5 file (format version 2). */
    public static FrameHashes read(Path framemd5) throws IOException {
        return parse(Files.readAllLines(framemd5));
    }

    public static FrameHashes parse(List<String> lines) {
        Map<Integer, String> mediaTypes = new HashMap<>();
        Map<Integer, String> codecs = new HashMap<>();
        List<Packet> packets = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("#media_type ")) {
                putHeader(mediaTypes, line.substring("#media_type ".length()));
            } else if (line.startsWith("#codec_id ")) {
                putHeader(codecs, line.substring("#codec_id ".length()));
            } else if (!line.startsWith("#") && !line.isBlank()) {
                // "0,  23,  23,  40,  6684, b0330f3f...": side data, when present, follows the hash.
                String[] f = line.split(",");
                if (f.length < 6) {
                    throw new IllegalArgumentException("framemd5 line with " + f.length + " fields: " + line);
                }
                int stream = Integer.parseInt(f[0].trim());
                packets.add(new Packet(mediaTypes.getOrDefault(stream, "?"), codecs.getOrDefault(stream, "?"),
                        stream, Long.parseLong(f[1].trim()), Long.parseLong(f[2].trim()),
                        Long.parseLong(f[3].trim()), Integer.parseInt(f[4].trim()), f[5].trim()));
            }
        }
        return new FrameHashes(packets);
    }

    /** "0: video" into {0 → "video"}. */
    private static void putHeader(Map<Integer, String> into, String indexColonValue) {
        int colon = indexColonValue.indexOf(':');
        into.put(Integer.parseInt(indexColonValue.substring(0, colon).trim()),
                indexColonValue.substring(colon + 1).trim());
    }

    /** The packets of the streams of this media type ("video", "audio"), in file order. */
    public List<Packet> ofType(String mediaType) {
        return packets.stream().filter(p -> p.mediaType().equals(mediaType)).toList();
    }
}
