package io.headpatch.worker.spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The specs shipped on the classpath as {@code templates/NAME.yaml}, each with a one-line {@code description:}. */
public final class BuiltInTemplates {

    /** Listed here because a classpath directory cannot be listed reliably inside a jar. */
    private static final List<String> NAMES = List.of("class-version", "elf-osabi", "fhdr-v1.3", "gzip-mtime",
            "wav-riff-size");
    private static final SortedMap<String, String> SOURCES = readSources();
    private static final SortedMap<String, String> DESCRIPTIONS = readDescriptions();

    private BuiltInTemplates() {
    }

    /** Template name to its one-line purpose, sorted by name. */
    public static Map<String, String> descriptions() {
        return DESCRIPTIONS;
    }

    /** The YAML of a template, or null if there is none by that name. */
    public static String source(String name) {
        return SOURCES.get(name);
    }

    private static SortedMap<String, String> readSources() {
        SortedMap<String, String> sources = new TreeMap<>();
        for (String name : NAMES) {
            String resource = "templates/" + name + ".yaml";
            try (InputStream in = BuiltInTemplates.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("built-in template missing from the classpath: " + resource);
                }
                sources.put(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read built-in template " + resource, e);
            }
        }
        return Collections.unmodifiableSortedMap(sources);
    }

    /** Read without binding parameters, which the templates may need but a listing does not have. */
    private static SortedMap<String, String> readDescriptions() {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        SortedMap<String, String> descriptions = new TreeMap<>();
        SOURCES.forEach((name, source) -> {
            Map<String, Object> spec = yaml.load(source);
            if (!(spec.get("description") instanceof String description)) {
                throw new IllegalStateException("built-in template " + name + " has no description");
            }
            descriptions.put(name, description);
        });
        return Collections.unmodifiableSortedMap(descriptions);
    }
}
