package org.rtmpcluster.rtmp.amf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Amf0DecodeTest {

    private static List<Object> decodeAll(String hex) {
        ByteBuf in = Hex.buf(hex);
        List<Object> values = Amf0.decodeAll(in, AmfLimits.DEFAULT);
        assertFalse(in.isReadable());
        return values;
    }

    private static Object decode(String hex) {
        return Amf0.decode(Hex.buf(hex), AmfLimits.DEFAULT);
    }

    @Test
    void ffmpegConnectDecodesToNameTransactionIdAndCommandObject() {
        List<Object> values = decodeAll(AmfFixtures.FFMPEG_CONNECT);

        Map<String, Object> command = new LinkedHashMap<>();
        command.put("app", "live");
        command.put("type", "nonprivate");
        command.put("flashVer", "FMLE/3.0 (compatible; Lavf59.27.100)");
        command.put("tcUrl", "rtmp://localhost:1935/live");
        assertEquals(List.of("connect", 1.0, command), values);
        assertEquals(List.copyOf(command.keySet()), List.copyOf(((Map<?, ?>) values.get(2)).keySet()),
                "wire order is kept");
    }

    @Test
    void onMetaDataDecodesToAnEcmaArrayInWireOrder() {
        List<Object> values = decodeAll(AmfFixtures.FFMPEG_SET_DATA_FRAME);

        assertEquals("@setDataFrame", values.get(0));
        assertEquals("onMetaData", values.get(1));
        AmfEcmaArray metadata = assertInstanceOf(AmfEcmaArray.class, values.get(2));
        assertEquals(List.of("duration", "width", "height", "videocodecid", "framerate", "audiocodecid", "stereo",
                "encoder"), List.copyOf(metadata.keySet()));
        assertEquals(1280.0, metadata.get("width"));
        assertEquals(true, metadata.get("stereo"));
        assertEquals("Lavf59.27.100", metadata.get("encoder"));
    }

    @Test
    void ecmaArrayCountIsOnlyAHint() {
        // count 0 but two members: read to the end marker, as Flash Player does
        Object value = decode("08 00 00 00 00  00 01 61 01 01  00 01 62 05  00 00 09");

        assertEquals(Map.of("a", true, "b", List.of()).keySet(), ((Map<?, ?>) value).keySet());
    }

    @Test
    void scalarsDecodeToTheirJavaValues() {
        assertEquals(List.of(-2.5, true, false, "abc", "abc"),
                decodeAll("00 c0 04 00 00 00 00 00 00  01 01  01 00  02 00 03 61 62 63  0c 00 00 00 03 61 62 63"));
        assertEquals(Arrays.asList(null, AmfUndefined.INSTANCE), decodeAll("05 06"));
    }

    @Test
    void dateDecodesToAnInstantIgnoringTheTimeZone() {
        assertEquals(Instant.ofEpochMilli(1_700_000_000_123L), decode("0b 42 78 bc fe 56 87 b0 00 ff 88"));
    }

    @Test
    void xmlDocumentDecodesToAmfXml() {
        assertEquals(new AmfXml("<a/>"), decode("0f 00 00 00 04 3c 61 2f 3e"));
    }

    @Test
    void typedObjectDecodesToAPlainMapWithTheClassNameDropped() {
        // class "java.lang.Runtime": a name on the wire is never looked up
        Object value = decode("10 00 11 6a 61 76 61 2e 6c 61 6e 67 2e 52 75 6e 74 69 6d 65"
                + " 00 01 78 00 3f f0 00 00 00 00 00 00  00 00 09");

        assertEquals(LinkedHashMap.class, value.getClass());
        assertEquals(Map.of("x", 1.0), value);
    }

    @Test
    void strictArrayDecodesToAList() {
        assertEquals(List.of("a", 2.0), decode("0a 00 00 00 02  02 00 01 61  00 40 00 00 00 00 00 00 00"));
    }

    @Test
    void referenceReturnsTheSameInstanceAsTheObjectItNames() {
        // [ {a: 1}, ref 1 ]: the strict array is entry 0, the object entry 1
        List<?> list = (List<?>) decode("0a 00 00 00 02  03 00 01 61 00 3f f0 00 00 00 00 00 00 00 00 09  07 00 01");

        assertEquals(Map.of("a", 1.0), list.get(0));
        assertSame(list.get(0), list.get(1));
    }

    @Test
    void referenceTableSpansTheWholeDecodeAllCall() {
        List<Object> values = decodeAll("03 00 01 61 05 00 00 09  07 00 00");

        assertSame(values.get(0), values.get(1));
    }



    @Test
    void avmPlusSwitchDecodesOneAmf3Value() {
        assertEquals(List.of(7, "x"), decodeAll("11 04 07  02 00 01 78"));
    }

    @Test
    void avmPlusSwitchesInOneCallShareTheirAmf3StringTable() {
        // the second switch sends "hello" as AMF3 string reference 0, registered by the first
        assertEquals(List.of("hello", "hello"), decodeAll("11 06 0b 68 65 6c 6c 6f  11 06 00"));
    }

    @Test
    void invalidUtf8DecodesWithReplacementCharacters() {
        assertEquals("\uFFFD(", decode("02 00 02 c3 28"));
    }

    @Test
    void emptyKeyNotFollowedByEndMarkerIsAnOrdinaryProperty() {
        assertEquals(Map.of("", true), decode("03 00 00 01 01 00 00 09"));
    }

    @Test
    void decodeReadsExactlyOneValue() {
        ByteBuf in = Hex.buf("05 05");

        Amf0.decode(in, AmfLimits.DEFAULT);

        assertEquals(1, in.readableBytes());
    }

    @Test
    void emptyInputDecodesToNoValues() {
        assertTrue(Amf0.decodeAll(Unpooled.EMPTY_BUFFER, AmfLimits.DEFAULT).isEmpty());
    }
}
