package io.headpatch.ops.ui;

import io.headpatch.job.PatchJobSettings;
import io.headpatch.ops.command.LaunchInput;
import io.headpatch.worker.io.IoMode;
import io.headpatch.worker.io.SyncMode;
import io.headpatch.worker.io.WriteOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The launch form's fields, handed to {@link LaunchInput} so that the launch command's own validation checks them
 * and fills the defaults of what the form does not offer, once the console's scope allows its roots and spec.
 * Roots and globs are one per line.
 */
public final class LaunchForm {

    private String spec = "";
    private String roots = "";
    private String includes = "";
    private String excludes = "";
    private int partitions = PatchJobSettings.DEFAULT_PARTITIONS;
    private int threads = PatchJobSettings.DEFAULT_THREADS;
    private IoMode io = WriteOptions.defaults().ioMode();
    private SyncMode sync = WriteOptions.defaults().syncMode();
    private boolean dryRun;
    private boolean remote;

    /**
     * @throws ConsoleRefusal                   for roots or a spec outside the console's scope (checked first)
     * @throws io.headpatch.ops.UserException (usage) naming the field's option that is wrong, as the command line would
     */
    LaunchInput.Checked check(ConsoleScope scope) {
        scope.checkLaunchRoots(lines(roots));
        return new LaunchInput().spec(scope.spec(spec.strip())).roots(lines(roots)).includes(lines(includes)).excludes(lines(excludes))
                .partitions(partitions).threads(threads).io(io).sync(sync).dryRun(dryRun).remote(remote).check();
    }

    /** The arguments of the equivalent {@code headpatch launch}. */
    private List<String> arguments() {
        List<String> args = new ArrayList<>(List.of("--spec", spec.strip()));
        lines(roots).forEach(root -> args.addAll(List.of("--root", root)));
        lines(includes).forEach(glob -> args.addAll(List.of("--include", glob)));
        lines(excludes).forEach(glob -> args.addAll(List.of("--exclude", glob)));
        args.addAll(List.of("--partitions", Integer.toString(partitions), "--threads", Integer.toString(threads),
                "--io", io.name(), "--sync", sync.name()));
        if (dryRun) {
            args.add("--dry-run");
        }
        if (remote) {
            args.add("--remote");
        }
        return args;
    }

    /** The equivalent command line, for the operator to see (and repeat in a shell). */
    String commandLine() {
        return arguments().stream().map(arg -> arg.matches("[\\w./:=@%+-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'")
                .collect(Collectors.joining(" "));
    }

    private static List<String> lines(String text) {
        return text == null ? List.of() : text.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    public String getSpec() {
        return spec;
    }

    public void setSpec(String spec) {
        this.spec = spec == null ? "" : spec;
    }

    public String getRoots() {
        return roots;
    }

    public void setRoots(String roots) {
        this.roots = roots;
    }

    public String getIncludes() {
        return includes;
    }

    public void setIncludes(String includes) {
        this.includes = includes;
    }

    public String getExcludes() {
        return excludes;
    }

    public void setExcludes(String excludes) {
        this.excludes = excludes;
    }

    public int getPartitions() {
        return partitions;
    }

    public void setPartitions(int partitions) {
        this.partitions = partitions;
    }

    public int getThreads() {
        return threads;
    }

    public void setThreads(int threads) {
        this.threads = threads;
    }

    public IoMode getIo() {
        return io;
    }

    public void setIo(IoMode io) {
        this.io = io;
    }

    public SyncMode getSync() {
        return sync;
    }

    public void setSync(SyncMode sync) {
        this.sync = sync;
    }

    public boolean isDryRun() {
        return dryRun;
    }

    public void setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
    }

    public boolean isRemote() {
        return remote;
    }

    public void setRemote(boolean remote) {
        this.remote = remote;
    }
}
