package io.headpatch.job.support;

import java.util.Arrays;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * SQL lists built from an enum, so that a rule such as {@code Outcome.isDone} is written once, in
 * Java. Literal lists rather than bound arrays: the planner then matches them with the partial
 * indexes and views that spell the same lists (a schema test compares those with the enums).
 */
public final class SqlLists {

    private SqlLists() {
    }

    /** {@code 'A', 'B'}: the names of the constants that pass {@code filter}; names are identifiers, nothing to escape. */
    public static <E extends Enum<E>> String of(Class<E> type, Predicate<E> filter) {
        return Arrays.stream(type.getEnumConstants()).filter(filter).map(e -> "'" + e.name() + "'")
                .collect(Collectors.joining(", "));
    }

    /** {@code 'A', 'B'}: the names of {@code values}, for a list no rule of the enum names. */
    @SafeVarargs
    public static <E extends Enum<E>> String of(E... values) {
        return Arrays.stream(values).map(e -> "'" + e.name() + "'").collect(Collectors.joining(", "));
    }
}
