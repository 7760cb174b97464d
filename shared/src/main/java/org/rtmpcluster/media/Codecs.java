package org.rtmpcluster.media;

/**
 * The codecs a stream's current sequence headers announce (see {@link CodecTags#videoCodec} and
 * {@link CodecTags#audioCodec}); null for a track that has sent no sequence header (yet, or ever: MP3 has none).
 * Made when a header changes, so that reading it costs nothing.
 */
public record Codecs(String video, String audio) {
    public static final Codecs NONE = new Codecs(null, null);

    Codecs withVideo(String codec) {
        return new Codecs(codec, audio);
    }

    Codecs withAudio(String codec) {
        return new Codecs(video, codec);
    }
}
