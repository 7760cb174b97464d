package org.rtmpcluster.rtmp.amf;

/** Payloads shaped like real RTMP traffic, shared by the decode and hostile-input tests. */
final class AmfFixtures {

    private AmfFixtures() {
    }

    /** The command object alone of {@link #FFMPEG_CONNECT}. */
    static final String FFMPEG_CONNECT_OBJECT = "03"
            + "00 03 61 70 70 02 00 04 6c 69 76 65" // app: "live"
            + "00 04 74 79 70 65 02 00 0a 6e 6f 6e 70 72 69 76 61 74 65" // type: "nonprivate"
            + "00 08 66 6c 61 73 68 56 65 72 02 00 24 46 4d 4c 45 2f 33 2e 30 20 28 63 6f 6d 70 61 74 69 62 6c"
            + "   65 3b 20 4c 61 76 66 35 39 2e 32 37 2e 31 30 30 29" // flashVer: "FMLE/3.0 (compatible; Lavf59.27.100)"
            + "00 05 74 63 55 72 6c 02 00 1a 72 74 6d 70 3a 2f 2f 6c 6f 63 61 6c 68 6f 73 74 3a 31 39 33 35"
            + "   2f 6c 69 76 65" // tcUrl: "rtmp://localhost:1935/live"
            + "00 00 09"; // object end

    /** The body of the command message (type 20) ffmpeg sends to publish: "connect", 1, command object. */
    static final String FFMPEG_CONNECT = ""
            + "02 00 07 63 6f 6e 6e 65 63 74" // "connect"
            + "00 3f f0 00 00 00 00 00 00" // transaction id 1.0
            + FFMPEG_CONNECT_OBJECT;

    /** Value boundaries inside {@link #FFMPEG_CONNECT}, in bytes: after the name, after the id, the end. */
    static final int[] FFMPEG_CONNECT_BOUNDARIES = {0, 10, 19, 139};

    /** A data message (type 18) as ffmpeg sends it before the first frame. */
    static final String FFMPEG_SET_DATA_FRAME = ""
            + "02 00 0d 40 73 65 74 44 61 74 61 46 72 61 6d 65" // "@setDataFrame"
            + "02 00 0a 6f 6e 4d 65 74 61 44 61 74 61" // "onMetaData"
            + "08 00 00 00 08" // ECMA array, count hint 8
            + "00 08 64 75 72 61 74 69 6f 6e 00 00 00 00 00 00 00 00 00" // duration: 0
            + "00 05 77 69 64 74 68 00 40 94 00 00 00 00 00 00" // width: 1280
            + "00 06 68 65 69 67 68 74 00 40 86 80 00 00 00 00 00" // height: 720
            + "00 0c 76 69 64 65 6f 63 6f 64 65 63 69 64 00 40 1c 00 00 00 00 00 00" // videocodecid: 7
            + "00 09 66 72 61 6d 65 72 61 74 65 00 40 3e 00 00 00 00 00 00" // framerate: 30
            + "00 0c 61 75 64 69 6f 63 6f 64 65 63 69 64 00 40 24 00 00 00 00 00 00" // audiocodecid: 10
            + "00 06 73 74 65 72 65 6f 01 01" // stereo: true
            + "00 07 65 6e 63 6f 64 65 72 02 00 0d 4c 61 76 66 35 39 2e 32 37 2e 31 30 30" // encoder: "Lavf59.27.100"
            + "00 00 09"; // end

    /**
     * AMF3: a dense array of three objects of class "Point" (sealed x, y; dynamic). The second reuses the
     * traits and the strings "label" and "a" by reference; the third is a reference to the first.
     */
    static final String AMF3_POINTS = "09 07 01" // array, 3 dense, no associative part
            + "0a 2b" // object, inline traits, dynamic, 2 sealed members
            + "   0b 50 6f 69 6e 74" // class name "Point" (string 0)
            + "   03 78 03 79" // sealed names "x" (1), "y" (2)
            + "   04 01 04 02" // x = 1, y = 2
            + "   0b 6c 61 62 65 6c 06 03 61" // dynamic label = "a" (strings 3, 4)
            + "   01" // end of dynamic members
            + "0a 01" // object, traits reference 0
            + "   04 03 04 04" // x = 3, y = 4
            + "   06 06 08" // dynamic: string reference 3 ("label") = string reference 4 ("a")
            + "   01"
            + "0a 02"; // object reference 1: the first point
}
