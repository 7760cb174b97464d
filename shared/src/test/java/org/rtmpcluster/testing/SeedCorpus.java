package org.rtmpcluster.testing;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.rtmpcluster.rtmp.amf.AmfSeeds;
import org.rtmpcluster.rtmp.chunk.ChunkSeeds;
import org.rtmpcluster.rtmp.handshake.HandshakeSeeds;
import org.rtmpcluster.rtmp.message.MessageSeeds;

/**
 * Writes the seed corpus of the fuzz targets where Jazzer's regression mode finds it, {@code
 * src/test/resources/<package>/<Class>Inputs/<method>/<name>}, one file per case named for what it is. The seeds are
 * built from the codec tests' fixtures by one class per package ({@code HandshakeSeeds}, {@code ChunkSeeds}, {@code
 * MessageSeeds}, {@code AmfSeeds}); the files captured from real traffic (named for the program that sent them)
 * sit beside them and are not touched. Run by {@code shared/fuzz.sh seeds}.
 */
public final class SeedCorpus {

    private final Path resources;

    public SeedCorpus(Path resources) {
        this.resources = resources;
    }

    /** Writes {@code seeds} (name to bytes) for the one {@code @FuzzTest} method of {@code fuzzTest}. */
    public void write(Class<?> fuzzTest, Map<String, byte[]> seeds) throws IOException {
        List<Method> targets = Arrays.stream(fuzzTest.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(FuzzTest.class))
                .toList();
        if (targets.size() != 1) {
            throw new IllegalArgumentException(fuzzTest.getName() + " has " + targets.size() + " @FuzzTest methods, "
                    + "expected 1");
        }
        Path dir = resources.resolve(fuzzTest.getPackageName().replace('.', '/'))
                .resolve(fuzzTest.getSimpleName() + "Inputs")
                .resolve(targets.get(0).getName());
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> seed : seeds.entrySet()) {
            Files.write(dir.resolve(seed.getKey()), seed.getValue());
        }
    }

    /** Bytes written as hex, spaces allowed, as the codec tests write their fixtures. */
    public static byte[] hex(String... parts) {
        return HexFormat.of().parseHex(String.join("", parts).replaceAll("\\s+", ""));
    }

    /** The parts one after another. */
    public static byte[] join(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    /** Writes every target's seeds under the resources directory named by the first argument. */
    public static void main(String[] args) throws IOException {
        SeedCorpus corpus = new SeedCorpus(Path.of(args.length > 0 ? args[0] : "src/test/resources"));
        HandshakeSeeds.writeTo(corpus);
        ChunkSeeds.writeTo(corpus);
        MessageSeeds.writeTo(corpus);
        AmfSeeds.writeTo(corpus);
    }
}
