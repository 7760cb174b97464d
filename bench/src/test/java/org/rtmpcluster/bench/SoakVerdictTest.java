package org.rtmpcluster.bench;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SoakVerdictTest {
    private static final SoakVerdict.Limits LIMITS = new SoakVerdict.Limits(500, 2000, 8, 10, 16, 16, 22);

    @Test
    void anUpstreamWhoseKeyHadNoPlayerWithinTheGraceFails() {
        List<String> problems = SoakVerdict.upstreamProblems(Map.of("live/a", 1, "live/b", 1), 0,
                Set.of("live/a")::contains, 1, LIMITS);

        assertEquals(List.of("upstream of live/b with no player for over 2500 ms (idle 500 + slack 2000)"), problems);
    }

    @Test
    void twoUpstreamsForOneKeyFail() {
        List<String> problems = SoakVerdict.upstreamProblems(Map.of("live/a", 2), 0, key -> true, 1, LIMITS);

        assertEquals(List.of("2 upstreams for live/a"), problems);
    }

    @Test
    void upstreamsNotYetPlayingCountAgainstTheKeysThatHadPlayers() {
        assertEquals(List.of(), SoakVerdict.upstreamProblems(Map.of("live/a", 1), 1, key -> true, 2, LIMITS));

        List<String> problems = SoakVerdict.upstreamProblems(Map.of("live/a", 1), 2, key -> true, 2, LIMITS);
        assertEquals(List.of("3 upstreams (2 not yet playing) but only 2 keys had players within 2500 ms"), problems);
    }

    @Test
    void aRegistryOverItsBoundFails() {
        assertEquals(List.of(), SoakVerdict.registryProblems(22, LIMITS));
        assertEquals(List.of("registry holds 23 entries, bound 22"), SoakVerdict.registryProblems(23, LIMITS));
    }

    @Test
    void onlyTheSecondHalfIsJudged() {
        List<SoakSample> samples = samples(24, i -> 10 + i, i -> 200); // heap grows through the first half only
        List<SoakSample> half = SoakVerdict.secondHalf(samples, 120);

        assertEquals(13, half.size()); // 60, 65, ... 120 s
        assertEquals(60.0, half.get(0).seconds());
    }

    @Test
    void aFlatHeapWithNoiseAndOneSpikePasses() {
        List<SoakSample> samples = samples(12, i -> 20 + (i % 3) * 0.7 + (i == 11 ? 30 : 0), i -> 200 + i % 2);

        assertEquals(List.of(), SoakVerdict.growthProblems(samples, LIMITS));
    }

    @Test
    void aHeapThatKeepsGrowingFails() {
        List<SoakSample> samples = samples(12, i -> 20 + i, i -> 200);

        List<String> problems = SoakVerdict.growthProblems(samples, LIMITS);
        assertEquals(2, problems.size(), problems.toString()); // origin and edge alike
        assertTrue(problems.get(0).startsWith("origin heap after GC grew 9.0 MB (21.0 -> 30.0)"), problems.get(0));
    }

    @Test
    void rssGrowingFasterThanTheLimitFails() {
        List<SoakSample> samples = samples(12, i -> 20, i -> 200 + 3 * i);

        List<String> problems = SoakVerdict.growthProblems(samples, LIMITS);
        assertTrue(problems.get(0).startsWith("origin RSS grew 13.3% (203 -> 230 MB)"), problems.toString());
    }

    @Test
    void tooFewSamplesJudgeNothing() {
        assertEquals(List.of(), SoakVerdict.growthProblems(samples(1, i -> 20, i -> 200), LIMITS));
    }

    /** {@code n} samples 5 s apart whose nodes both have the given heap after GC and RSS, in MB. */
    private static List<SoakSample> samples(int n, IntToDoubleFunction heapMb, IntToDoubleFunction rssMb) {
        List<SoakSample> samples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            SoakSample.Node node = new SoakSample.Node((long) (rssMb.applyAsDouble(i) * 1024),
                    (long) (heapMb.applyAsDouble(i) * 1048576), 60, 40);
            samples.add(new SoakSample(5.0 * (i + 1), node, node, Map.of(), 0, Map.of(), 6, 6, 6, 1000, List.of()));
        }
        return samples;
    }
}
