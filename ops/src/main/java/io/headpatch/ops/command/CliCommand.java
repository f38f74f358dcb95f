package io.headpatch.ops.command;

import io.headpatch.job.PatchJobSettings;
import io.headpatch.ops.CliEnvironment;
import io.headpatch.ops.HeadpatchCommand;
import io.headpatch.ops.db.Database;
import io.headpatch.ops.progress.ProgressDisplay;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** What every command shares: its writers, the environment and the database of the root command's options. */
abstract class CliCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    HeadpatchCommand root() {
        return (HeadpatchCommand) spec.root().userObject();
    }

    CliEnvironment environment() {
        return root().environment();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** A migrated pool of {@code poolSize} connections. */
    Database database(int poolSize) {
        return Database.connect(root().connectionSettings(), environment().home(), poolSize, true);
    }

    /** A job session for a command that runs no partitions. */
    JobSession jobSession() {
        return jobSession(0);
    }

    /** A job session whose pool fits {@code threads} partition threads ({@link PatchJobSettings#poolSize(int)}). */
    JobSession jobSession(int threads) {
        return jobSession(threads, PatchJobSettings.local());
    }

    JobSession jobSession(int threads, PatchJobSettings settings) {
        return JobSession.open(database(PatchJobSettings.poolSize(threads)), settings);
    }

    ProgressDisplay progress(String task, boolean quiet) {
        return ProgressDisplay.create(task, environment().terminal(), quiet || root().quiet(), err());
    }
}
