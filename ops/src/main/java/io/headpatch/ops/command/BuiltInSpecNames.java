package io.headpatch.ops.command;

import io.headpatch.worker.spec.BuiltInTemplates;

import java.util.Iterator;

/** The built-in spec names, which shell completion offers for {@code --spec} (a file path is also accepted). */
final class BuiltInSpecNames implements Iterable<String> {

    @Override
    public Iterator<String> iterator() {
        return BuiltInTemplates.descriptions().keySet().iterator();
    }
}
