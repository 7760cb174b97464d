package org.rtmpcluster.rtmp.amf;

import static org.rtmpcluster.testing.SeedCorpus.hex;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rtmpcluster.testing.SeedCorpus;

/**
 * Seeds for {@link Amf0FuzzTest} and {@link Amf3FuzzTest}: ffmpeg's connect and metadata, every type of each
 * encoding, references (to complete values, to enclosing ones, chains and doublings), nesting past the limit, and the
 * refusals the decoders have.
 */
public final class AmfSeeds {

    private AmfSeeds() {
    }

    public static void writeTo(SeedCorpus corpus) throws IOException {
        corpus.write(Amf0FuzzTest.class, amf0());
        corpus.write(Amf3FuzzTest.class, amf3());
    }

    private static Map<String, byte[]> amf0() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        seeds.put("connect-command-ffmpeg", hex(AmfFixtures.FFMPEG_CONNECT));
        seeds.put("set-data-frame-ffmpeg", hex(AmfFixtures.FFMPEG_SET_DATA_FRAME));
        seeds.put("amf0-scalars", hex(
                "00 3ff0000000000000", // 1.0
                "01 01", // true
                "02 0002 6869", // "hi"
                "05 06", // null, undefined
                "0b 4272d2d8c2a00000 0000", // a date
                "0c 00000002 6869", // long string "hi"
                "0f 00000007 3c612f3e203c62", // XML document
                "10 0005 506f696e74 0001 78 00 4000000000000000 0000 09")); // typed object Point { x: 2 }
        seeds.put("amf0-ecma-array-and-strict-array", hex(
                "08 00000001 0001 61 0a 00000002 05 01 00 0000 09"));
        seeds.put("amf0-reference-to-complete-object", hex("03 0001 61 05 0000 09  07 0000"));
        seeds.put("amf0-self-reference", hex("03 0004 73656c66 07 0000  0000 09"));
        seeds.put("amf0-reference-to-enclosing-object", hex("03 0001 6f 03 0001 69 07 0000 0000 09 0000 09"));
        seeds.put("amf0-reference-chain", hex(
                "0a 00000004  0a 00000000  0a 00000001 07 0001  0a 00000001 07 0002  0a 00000001 07 0003"));
        seeds.put("amf0-references-doubling", hex(
                "0a 00000004  0a 00000000  0a 00000002 07 0001 07 0001  0a 00000002 07 0002 07 0002",
                "0a 00000002 07 0003 07 0003"));
        seeds.put("amf0-more-values-than-max-entries", hex("05".repeat(DecodedAmf.LIMITS.maxEntries() + 6)));
        seeds.put("amf0-nested-past-the-depth-limit", hex("0a 00000001".repeat(10), "05"));
        seeds.put("avmplus-switch-to-amf3-points", hex("11", AmfFixtures.AMF3_POINTS));
        seeds.put("avmplus-switch-inside-object", hex("03 0001 61  11 0a 0b 01 03 62 04 01 01  0000 09"));
        seeds.put("amf0-malformed-utf8-string-at-the-length-limit", hex("02 0400", "ff".repeat(1024)));
        seeds.put("amf0-date-not-a-number", hex("0b 7ff8000000000000 0000"));
        seeds.put("amf0-long-string-of-2-gigabytes", hex("0c 7fffffff 61"));
        seeds.put("amf0-strict-array-count-over-input", hex("0a 000003e8 05 05"));
        seeds.put("amf0-object-end-outside-object", hex("09"));
        seeds.put("amf0-unsupported-marker", hex("0d"));
        seeds.put("amf0-truncated-string", hex("02 0010 6162636465"));
        return seeds;
    }

    private static Map<String, byte[]> amf3() {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        seeds.put("amf3-points-object-graph", hex(AmfFixtures.AMF3_POINTS));
        seeds.put("amf3-dense-array-of-scalars", hex(
                "09 11 01", // 8 dense elements
                "00 01 02 03", // undefined, null, false, true
                "04 ffffffff", // integer -1
                "05 400921fb54442d18", // pi
                "06 07 616263", // "abc"
                "06 00")); // string reference 0
        seeds.put("amf3-associative-array", hex("09 03 03 61 04 01 01 04 02"));
        seeds.put("amf3-object-sealed-and-dynamic", hex("0a 1b 0b 506f696e74 03 78 04 01 03 79 06 03 62 01"));
        seeds.put("amf3-object-sealed-member-with-empty-name", hex("0a 13 01 01 04 01"));
        seeds.put("amf3-object-reference-cycle", hex("0a 0b 01 09 73656c66 0a 00 01"));
        seeds.put("amf3-array-contains-itself", hex("09 03 01 09 00"));
        seeds.put("amf3-dictionary", hex("11 05 00 04 01 06 03 61 06 03 62 05 3ff0000000000000"));
        seeds.put("amf3-dictionary-object-key", hex("11 03 00 0a 0b 01 03 64 04 01 01 01"));
        seeds.put("amf3-dictionary-containing-itself-as-key", hex("11 03 00 0a 0b 01 03 64 11 00 01 01"));
        seeds.put("amf3-byte-array", hex("0c 09 01020304"));
        seeds.put("amf3-int-vector", hex("0d 05 00 ffffffff 00000001"));
        seeds.put("amf3-uint-vector", hex("0e 03 01 ffffffff"));
        seeds.put("amf3-double-vector", hex("0f 03 00 7ff8000000000000"));
        seeds.put("amf3-object-vector", hex("10 05 00 01 04 01 06 03 61"));
        seeds.put("amf3-date", hex("08 01 4272d2d8c2a00000"));
        seeds.put("amf3-date-infinity", hex("08 01 7ff0000000000000"));
        seeds.put("amf3-xml", hex("0b 09 3c612f3e"));
        seeds.put("amf3-externalizable-class", hex("0a 07 43",
                HexFormat.of().formatHex("flex.messaging.io.ArrayCollection".getBytes(StandardCharsets.US_ASCII)),
                "09 01"));
        seeds.put("amf3-string-reference-out-of-range", hex("06 0e"));
        seeds.put("amf3-object-reference-out-of-range", hex("09 05 01 0a 0b 01 01 0a 0e"));
        seeds.put("amf3-traits-reference-out-of-range", hex("0a 05"));
        seeds.put("amf3-nested-past-the-depth-limit", hex("090301".repeat(10), "01"));
        seeds.put("amf3-double-vector-at-the-depth-limit", hex("090301".repeat(8), "0f 03 00 3ff0000000000000"));
        seeds.put("amf3-truncated-u29", hex("04 ffff"));
        seeds.put("amf3-string-length-over-limit", hex("06 bfffffff 61"));
        return seeds;
    }
}
