package io.headpatch.ops;

import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** {@code --version}: the build's version and git commit, from version.properties filled in by Maven. */
public final class BuildVersion implements IVersionProvider {

    private static final String RESOURCE = "version.properties";

    @Override
    public String[] getVersion() {
        Properties build = load();
        String commit = resolved(build.getProperty("commit"));
        String dirty = "true".equals(resolved(build.getProperty("dirty"))) ? " with uncommitted changes" : "";
        String time = resolved(build.getProperty("commitTime"));
        return new String[] {
                "headpatch " + resolved(build.getProperty("version")),
                "commit " + commit + dirty + ("unknown".equals(time) ? "" : " (" + time + ")"),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
    }

    /** The version this build names ("0.1.0-SNAPSHOT"), or "unknown". */
    public static String version() {
        return resolved(load().getProperty("version"));
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = BuildVersion.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
        }
        return properties;
    }

    /** "unknown" for a value the build did not fill in (no git, or run from unfiltered sources). */
    private static String resolved(String value) {
        return value == null || value.isBlank() || value.startsWith("@") ? "unknown" : value;
    }
}
