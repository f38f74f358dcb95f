package io.headpatch.ops.ui;

import io.headpatch.job.ScanRequest;
import io.headpatch.ops.UserException;
import io.headpatch.worker.spec.BuiltInTemplates;
import io.headpatch.worker.spec.HeaderSpec;
import io.headpatch.worker.spec.SpecException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the console may touch: the trees of {@code ui --root} (their links resolved once, at start) and the spec files
 * of {@code ui --spec-dir}. A launch outside them is refused before its execution exists; an action acts only on runs
 * whose roots all lie inside them. Without roots the console launches and acts on nothing.
 */
public final class ConsoleScope {

    /** Where a spec error happened and of which kind; the rest of the message may quote the file, so it is dropped. */
    private static final Pattern SPEC_ERROR = Pattern.compile(" line (\\d+): (YAML syntax|[A-Za-z][\\w.\\[\\]]{0,40}):");

    private final List<Path> roots;
    private final Path specDir;

    private ConsoleScope(List<Path> roots, Path specDir) {
        this.roots = roots;
        this.specDir = specDir;
    }

    /**
     * @param roots   folders that must exist; a link means its target
     * @param specDir null, or a folder owned by this process's user and not writable by group or others
     * @throws UserException (usage) naming the option that is wrong
     */
    public static ConsoleScope of(List<Path> roots, Path specDir) {
        List<Path> real = new ArrayList<>();
        for (Path root : roots) {
            real.add(realFolder("--root", root));
        }
        return new ConsoleScope(List.copyOf(real), specDir == null ? null : ownSpecDir(specDir));
    }

    List<Path> roots() {
        return roots;
    }

    /** The roots as the launch page shows them; empty when the console launches nothing. */
    public List<String> rootNames() {
        return roots.stream().map(Path::toString).toList();
    }

    boolean launches() {
        return !roots.isEmpty();
    }

    /** @throws ConsoleRefusal when a root of the form is not absolute or lies outside the console's roots */
    void checkLaunchRoots(List<String> formRoots) {
        if (!launches()) {
            throw new ConsoleRefusal("this console launches nothing: it was started without ui --root");
        }
        for (String root : formRoots) {
            Path path;
            try {
                path = Path.of(root);
            } catch (InvalidPathException e) {
                throw new ConsoleRefusal("root=" + root + " is not a path");
            }
            if (!path.isAbsolute()) {
                throw new ConsoleRefusal("root=" + root + " is not an absolute path");
            }
            if (!inside(path)) {
                throw new ConsoleRefusal("root=" + root + " is outside this console's roots " + roots);
            }
        }
    }

    /**
     * True when the run had roots that all lie inside the console's roots: a manifest given with roots is confined to
     * them (a retry's is); one without roots names paths from anywhere.
     */
    boolean covers(ScanRequest scan) {
        return launches() && !scan.roots().isEmpty() && scan.roots().stream().allMatch(this::inside);
    }

    /**
     * A built-in template by name, or a spec file of {@code --spec-dir} by its name there.
     *
     * @throws ConsoleRefusal for any other path
     * @throws UserException  (usage) for a spec file that is not a valid spec, without quoting the file
     */
    HeaderSpec spec(String name) {
        if (BuiltInTemplates.source(name) != null) {
            try {
                return HeaderSpec.resolve(name, Map.of());
            } catch (SpecException e) {
                throw UserException.usage(e.getMessage());
            }
        }
        if (specDir == null) {
            throw new ConsoleRefusal("spec=" + name + " is no built-in template, and this console takes spec files only"
                    + " from ui --spec-dir, which it was not given; built-in templates: "
                    + String.join(", ", BuiltInTemplates.descriptions().keySet()));
        }
        Path file = specFile(name);
        try {
            return HeaderSpec.load(file, Map.of());
        } catch (SpecException e) {
            throw UserException.usage(withoutText(name, e.getMessage()));
        }
    }

    private Path specFile(String name) {
        Path relative;
        try {
            relative = Path.of(name);
        } catch (InvalidPathException e) {
            throw new ConsoleRefusal("spec=" + name + " is not a file name");
        }
        boolean climbs = false;
        for (Path element : relative) {
            climbs |= element.toString().equals("..");
        }
        if (name.isEmpty() || relative.isAbsolute() || climbs) {
            throw new ConsoleRefusal("spec=" + name + " must name a file in the console's --spec-dir " + specDir
                    + ", without .. and not as an absolute path");
        }
        Path file = specDir.resolve(relative).normalize();
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException e) {
            throw new ConsoleRefusal("spec=" + name + " is no file in the console's --spec-dir " + specDir);
        }
        if (!real.startsWith(specDir) || !Files.isRegularFile(real)) {
            throw new ConsoleRefusal("spec=" + name + " is no file in the console's --spec-dir " + specDir);
        }
        return real;
    }

    /** The position and kind of a spec error, never the file's text (the file could be anything the console can read). */
    static String withoutText(String name, String message) {
        Matcher at = SPEC_ERROR.matcher(message);
        if (at.find()) {
            return "spec=" + name + " is not a valid spec: line " + at.group(1) + ", " + at.group(2)
                    + " (the file's text is not shown)";
        }
        if (message.startsWith("cannot read")) {
            return "spec=" + name + " cannot be read";
        }
        return "spec=" + name + " is not a valid spec (the file's text is not shown)";
    }

    /** Inside a root once made absolute and normalized, and the links of its longest existing part resolved. */
    private boolean inside(Path path) {
        Path real = real(path.toAbsolutePath().normalize());
        return roots.stream().anyMatch(real::startsWith);
    }

    private static Path real(Path absolute) {
        Path missing = absolute.getRoot().relativize(absolute.getRoot());
        for (Path existing = absolute; existing != null; existing = existing.getParent()) {
            try {
                return existing.toRealPath().resolve(missing).normalize();
            } catch (IOException e) {
                missing = existing.getFileName().resolve(missing);
            }
        }
        return absolute;
    }

    private static Path realFolder(String option, Path folder) {
        try {
            Path real = folder.toRealPath();
            if (!Files.isDirectory(real)) {
                throw UserException.usage(option + "=" + folder + " is not a folder");
            }
            return real;
        } catch (IOException e) {
            throw UserException.usage(option + "=" + folder + " does not exist or cannot be read");
        }
    }

    private static Path ownSpecDir(Path folder) {
        Path real = realFolder("--spec-dir", folder);
        try {
            PosixFileAttributes attributes = Files.readAttributes(real, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            String user = System.getProperty("user.name");
            if (!attributes.owner().getName().equals(user)
                    || attributes.permissions().contains(PosixFilePermission.GROUP_WRITE)
                    || attributes.permissions().contains(PosixFilePermission.OTHERS_WRITE)) {
                throw UserException.usage("--spec-dir=" + folder + " must be owned by " + user
                        + " and not writable by group or others (it is owned by " + attributes.owner().getName() + ", "
                        + PosixFilePermissions.toString(attributes.permissions()) + ")");
            }
            return real;
        } catch (IOException e) {
            throw UserException.usage("--spec-dir=" + folder + " cannot be read: " + e.getMessage());
        }
    }
}
