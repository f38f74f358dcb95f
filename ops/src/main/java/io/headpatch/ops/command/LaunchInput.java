package io.headpatch.ops.command;

import io.headpatch.job.LaunchRequest;
import io.headpatch.job.PatchJobSettings;
import io.headpatch.ops.UserException;
import io.headpatch.worker.io.IoMode;
import io.headpatch.worker.io.SyncMode;
import io.headpatch.worker.spec.HeaderSpec;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The options of {@code launch} set from typed values rather than parsed from arguments: how the console's launch form
 * becomes exactly the request {@code launch} would make, with the command's defaults and its one validation
 * ({@link LaunchOptions#toRequest()}, {@link RemoteOptions#settings()}). Options not set keep their defaults.
 */
public final class LaunchInput {

    private final LaunchOptions options = new LaunchOptions();
    private final RemoteOptions remote = new RemoteOptions();

    /** The checked request and how its partitions run (local threads or {@code --remote} workers). */
    public record Checked(LaunchRequest request, PatchJobSettings settings) {
    }

    public LaunchInput spec(String spec) {
        options.spec = spec;
        return this;
    }

    /** A spec the caller has loaded and checked itself. */
    public LaunchInput spec(HeaderSpec spec) {
        options.spec = spec.name();
        options.loadedSpec = spec;
        return this;
    }

    /** @throws UserException (usage) naming a root that is no path */
    public LaunchInput roots(List<String> roots) {
        options.roots = new ArrayList<>();
        for (String root : roots) {
            try {
                options.roots.add(Path.of(root));
            } catch (InvalidPathException e) {
                throw UserException.usage("--root=" + root + " is not a path: " + e.getReason());
            }
        }
        return this;
    }

    public LaunchInput includes(List<String> globs) {
        options.includes = new ArrayList<>(globs);
        return this;
    }

    public LaunchInput excludes(List<String> globs) {
        options.excludes = new ArrayList<>(globs);
        return this;
    }

    public LaunchInput partitions(int partitions) {
        options.partitions = partitions;
        return this;
    }

    public LaunchInput threads(int threads) {
        options.threads = threads;
        return this;
    }

    public LaunchInput io(IoMode io) {
        options.write.ioMode = io;
        return this;
    }

    public LaunchInput sync(SyncMode sync) {
        options.write.syncMode = sync;
        return this;
    }

    public LaunchInput dryRun(boolean dryRun) {
        options.dryRun = dryRun;
        return this;
    }

    public LaunchInput remote(boolean remote) {
        this.remote.remote = remote;
        return this;
    }

    /** @throws UserException (usage) naming the option that is wrong, as the command line would */
    public Checked check() {
        return new Checked(options.toRequest(), remote.settings());
    }
}
