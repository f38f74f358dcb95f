package io.headpatch.perf.bench;

import com.sun.management.GarbageCollectionNotificationInfo;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The memory figures of this JVM, measured from inside it so that they are its own: peak RSS (VmHWM), peak heap
 * (the heap pools' peaks, summed), the most heap still in use after a GC (the live set, which must stay flat in
 * the number of files), and the most memory mappings seen at once (sampled every 250 ms).
 */
final class ProcessMemory implements AutoCloseable {

    private static final long SAMPLE_MILLIS = 250;

    private final AtomicLong maxHeapAfterGc = new AtomicLong();
    private final AtomicLong maxMappings = new AtomicLong();
    private final Thread sampler;

    private ProcessMemory() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                    long heap = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                            .filter(e -> isHeap(e.getKey()))
                            .mapToLong(e -> e.getValue().getUsed())
                            .sum();
                    maxHeapAfterGc.accumulateAndGet(heap, Math::max);
                }
            }, null, null);
        }
        sampler = new Thread(this::sampleMappings, "mapping-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    static ProcessMemory watch() {
        return new ProcessMemory();
    }

    private static boolean isHeap(String poolName) {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .anyMatch(pool -> pool.getName().equals(poolName) && pool.getType() == MemoryType.HEAP);
    }

    private void sampleMappings() {
        Path maps = Path.of("/proc/self/maps");
        while (!Thread.currentThread().isInterrupted()) {
            try (Stream<String> lines = Files.lines(maps)) {
                maxMappings.accumulateAndGet(lines.count(), Math::max);
                Thread.sleep(SAMPLE_MILLIS);
            } catch (IOException | InterruptedException e) {
                return;
            }
        }
    }

    Map<String, Object> figures() {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("peakRssBytes", peakRss());
        figures.put("peakHeapBytes", ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .map(MemoryPoolMXBean::getPeakUsage)
                .mapToLong(MemoryUsage::getUsed)
                .sum());
        figures.put("maxHeapAfterGcBytes", maxHeapAfterGc.get());
        figures.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        figures.put("maxMappings", maxMappings.get());
        figures.put("cpuSeconds", ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9);
        return figures;
    }

    /** VmHWM of /proc/self/status, in bytes; -1 where there is no such file. */
    private static long peakRss() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
            return lines.filter(line -> line.startsWith("VmHWM:"))
                    .map(line -> line.replaceAll("\\D", ""))
                    .mapToLong(kb -> Long.parseLong(kb) * 1024)
                    .findFirst()
                    .orElse(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        sampler.interrupt();
    }
}
