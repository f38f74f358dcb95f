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

    JobSession jobSession(int poolSize) {
        return jobSession(poolSize, PatchJobSettings.local());
    }

    JobSession jobSession(int poolSize, PatchJobSettings settings) {
        return JobSession.open(database(poolSize), settings);
    }

    ProgressDisplay progress(String task, boolean quiet) {
        return ProgressDisplay.create(task, environment().terminal(), quiet || root().quiet(), err());
    }
}
