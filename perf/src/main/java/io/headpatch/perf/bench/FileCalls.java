package io.headpatch.perf.bench;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The calls of an {@code strace -f -y} trace that name a file below a root (a descriptor printed as
 * {@code 7</root/d0001/f.fh>}, or a path, relative to the root's descriptor or absolute), by thread: the scan's
 * threads are those that read a file's identity by its absolute path ({@code statx(AT_FDCWD, "/root/…")}), every other
 * thread's calls are the patch's. A call another thread interrupted is counted once, not again when it resumes.
 */
record FileCalls(Map<String, Long> scan, Map<String, Long> patch) {

    private static final Pattern CALL = Pattern.compile("^(\\d+)\\s+(\\w+)\\((.*)$");
    /** {@code -y} prints the working folder's path beside AT_FDCWD. */
    private static final Pattern BY_PATH = Pattern.compile("^AT_FDCWD(<[^>]*>)?, \"");

    static FileCalls of(List<String> trace, Path root) {
        String below = root + "/";
        String rootDescriptor = "<" + root + ">, \"";
        Set<String> scanThreads = new HashSet<>();
        for (String line : trace) {
            Matcher call = CALL.matcher(line);
            if (call.matches() && call.group(2).equals("statx") && byPath(call.group(3), below)) {
                scanThreads.add(call.group(1));
            }
        }
        Map<String, Long> scan = new TreeMap<>();
        Map<String, Long> patch = new TreeMap<>();
        for (String line : trace) {
            Matcher call = CALL.matcher(line);
            if (call.matches() && (call.group(3).contains(below) || call.group(3).contains(rootDescriptor))) {
                (scanThreads.contains(call.group(1)) ? scan : patch).merge(call.group(2), 1L, Long::sum);
            }
        }
        return new FileCalls(scan, patch);
    }

    private static boolean byPath(String arguments, String below) {
        Matcher cwd = BY_PATH.matcher(arguments);
        return cwd.find() && arguments.startsWith(below, cwd.end());
    }

    /** The scan's and the patch's calls per file, in all and by system call. */
    Map<String, Object> perFile(int files) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("scanFileCallsPerFile", total(scan) / (double) files);
        figures.put("patchFileCallsPerFile", total(patch) / (double) files);
        figures.put("patchFileCallsByCall", perFile(patch, files));
        return figures;
    }

    private static Map<String, Double> perFile(Map<String, Long> calls, int files) {
        Map<String, Double> perFile = new LinkedHashMap<>();
        calls.forEach((name, count) -> perFile.put(name, Math.round(count * 100.0 / files) / 100.0));
        return perFile;
    }

    private static long total(Map<String, Long> calls) {
        return calls.values().stream().mapToLong(Long::longValue).sum();
    }
}
