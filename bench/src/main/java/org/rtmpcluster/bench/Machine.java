package org.rtmpcluster.bench;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine a comparison ran on: cores, CPU model, kernel, JDK, nginx. Servers and players share it. */
final class Machine {
    private Machine() {
    }

    static JsonObject describe(String nginxVersion) {
        int cores = Runtime.getRuntime().availableProcessors();
        String cpu = cpuModel();
        String kernel = System.getProperty("os.name") + " " + System.getProperty("os.version");
        String jdk = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
        return new JsonObject().put("cores", cores).put("cpu", cpu).put("kernel", kernel).put("jdk", jdk)
                .put("nginx", nginxVersion)
                .put("summary", cores + " cores (" + cpu + "), " + kernel + ", " + jdk + ", nginx " + nginxVersion
                        + "; servers, publisher and players share the cores");
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            return "unknown CPU (" + e.getMessage() + ")";
        }
        return "unknown CPU";
    }
}
