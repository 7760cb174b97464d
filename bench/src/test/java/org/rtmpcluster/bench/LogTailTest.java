package org.rtmpcluster.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LogTailTest {
    @Test
    void returnsEachCompleteLineOnceAndALineBeingWrittenWhenItIsDone(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("node.log");
        Files.writeString(log, "one\ntwo\nthr");
        LogTail tail = new LogTail(log);
        assertEquals(List.of("one", "two"), tail.newLines());
        assertEquals(List.of(), tail.newLines());

        Files.writeString(log, "ee\nfour\n", StandardOpenOption.APPEND);
        assertEquals(List.of("three", "four"), tail.newLines());
    }
}
