package io.headpatch.worker.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Writes the items of a list that need a write as one batch, and pairs each result back with its
 * item: the one place that filters the writes, calls {@link HeaderBatchWriter#writeAll} and matches
 * its results, in order, to the items they came from.
 */
public final class SelectedWrites {

    private SelectedWrites() {
    }

    /**
     * @param request the write an item needs, or null for none
     * @param written what an item becomes after its write (whatever the result's status)
     * @param skipped what an item without a write becomes
     * @return one value per item, in the items' order
     */
    public static <T, R> List<R> apply(HeaderBatchWriter writer, List<T> items, Function<T, WriteRequest> request,
                                       BiFunction<T, WriteResult, R> written, Function<T, R> skipped) {
        return apply(writer, WriteDeadline.NONE, items, request, written, skipped);
    }

    /** As {@link #apply(HeaderBatchWriter, List, Function, BiFunction, Function)}, each write asking {@code deadline} first. */
    public static <T, R> List<R> apply(HeaderBatchWriter writer, WriteDeadline deadline, List<T> items,
                                       Function<T, WriteRequest> request, BiFunction<T, WriteResult, R> written,
                                       Function<T, R> skipped) {
        List<WriteRequest> requests = items.stream().map(request).filter(Objects::nonNull).toList();
        List<WriteResult> results = requests.isEmpty() ? List.of() : writer.writeAll(requests, deadline);
        List<R> decided = new ArrayList<>(items.size());
        int next = 0;
        for (T item : items) {
            decided.add(request.apply(item) == null ? skipped.apply(item) : written.apply(item, results.get(next++)));
        }
        return decided;
    }
}
