package io.headpatch.perf.bench;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** What the figures were measured on. */
final class Machine {

    private Machine() {
    }

    static Map<String, Object> describe(Path workDir) throws IOException {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("cpu", procLine("/proc/cpuinfo", "model name"));
        machine.put("memory", procLine("/proc/meminfo", "MemTotal"));
        machine.put("kernel", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("jdk", jdk());
        FileStore store = Files.getFileStore(workDir);
        machine.put("filesystem", store.type() + " on " + store.name());
        return machine;
    }

    /** The JDK this bench and its contestants (child JVMs of the same java.home) run on, e.g. "OpenJDK 64-Bit Server VM 25.0.3+9-LTS". */
    static String jdk() {
        return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
    }

    /** The 1-minute load average, or "" where /proc has none. */
    static String loadAverage() throws IOException {
        Path loadavg = Path.of("/proc/loadavg");
        return Files.exists(loadavg) ? Files.readString(loadavg).split(" ")[0] : "";
    }

    private static String procLine(String file, String key) throws IOException {
        Path path = Path.of(file);
        if (!Files.exists(path)) {
            return "";
        }
        try (Stream<String> lines = Files.lines(path)) {
            return lines.filter(line -> line.startsWith(key))
                    .map(line -> line.substring(line.indexOf(':') + 1).strip())
                    .findFirst()
                    .orElse("");
        }
    }
}
