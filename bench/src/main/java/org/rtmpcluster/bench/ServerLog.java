package org.rtmpcluster.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The problems servers logged while the players ran: lines at warning level or above in our nodes' logs
 * (java.util.logging WARNING, SEVERE) or nginx's error log ([warn] up to [emerg]), written after {@link #mark}.
 * Start-up chatter (Hazelcast's warning that its CP subsystem is off) comes before the mark and does not count.
 */
final class ServerLog {
    /** A line at warning level or above. */
    static final Pattern PROBLEM = Pattern.compile(
            " (WARNING|SEVERE|ERROR) \\[|\\[(warn|error|crit|alert|emerg)]");
    private static final int SAMPLES = 3;

    private final List<Path> logs;
    private final List<Long> marks = new ArrayList<>();

    ServerLog(List<Path> logs) {
        this.logs = logs;
    }

    /** Remembers where each log ends now; {@link #problems} reads only what comes after. */
    void mark() {
        marks.clear();
        for (Path log : logs) {
            try {
                marks.add(Files.size(log));
            } catch (IOException e) {
                marks.add(0L);
            }
        }
    }

    JsonObject problems() {
        long count = 0;
        JsonArray samples = new JsonArray();
        for (int i = 0; i < logs.size(); i++) {
            Path log = logs.get(i);
            try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
                file.seek(i < marks.size() ? marks.get(i) : 0);
                BufferedReader lines = new BufferedReader(new InputStreamReader(Channels.newInputStream(
                        file.getChannel()), StandardCharsets.UTF_8));
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (PROBLEM.matcher(line).find()) {
                        count++;
                        if (samples.size() < SAMPLES) {
                            samples.add(log.getFileName() + ": " + line);
                        }
                    }
                }
            } catch (IOException e) {
                samples.add(log + ": unreadable (" + e.getMessage() + ")");
            }
        }
        return new JsonObject().put("problemLines", count).put("samples", samples);
    }
}
