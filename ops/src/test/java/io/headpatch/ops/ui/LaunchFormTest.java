package io.headpatch.ops.ui;

import io.headpatch.job.JobRequestException;
import io.headpatch.job.LaunchRequest;
import io.headpatch.job.PatchJobSettings;
import io.headpatch.ops.UserException;
import io.headpatch.ops.command.LaunchInput;
import io.headpatch.worker.io.SyncMode;
import io.headpatch.worker.io.WriteOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LaunchFormTest {

    @TempDir
    Path root;

    @Test
    void aFormBecomesTheRequestOfTheLaunchCommandWithItsDefaults() {
        // given
        LaunchForm form = form();
        form.setSync(SyncMode.NONE);

        // when
        LaunchInput.Checked checked = form.check(scope());

        // then
        LaunchRequest request = checked.request();
        assertThat(request.partitions()).isEqualTo(PatchJobSettings.DEFAULT_PARTITIONS);
        assertThat(request.threads()).isEqualTo(PatchJobSettings.DEFAULT_THREADS);
        assertThat(request.chunk()).isEqualTo(PatchJobSettings.DEFAULT_CHUNK);
        assertThat(request.write().ioMode()).isEqualTo(WriteOptions.defaults().ioMode());
        assertThat(request.write().syncMode()).isEqualTo(SyncMode.NONE);
        assertThat(request.scan().roots()).containsExactly(root);
        assertThat(checked.settings().remote()).isFalse();
        assertThat(form.commandLine()).isEqualTo("--spec fhdr-v1.3 --root " + root
                + " --partitions 8 --threads 4 --io MMAP --sync NONE");
    }

    @Test
    void aWrongFieldIsRefusedWithTheMessageOfTheCommandLine() {
        // given
        LaunchForm zeroPartitions = form();
        zeroPartitions.setPartitions(0);
        LaunchForm unknownSpec = form();
        unknownSpec.setSpec("no-such-template");

        // when / then
        assertThatThrownBy(() -> zeroPartitions.check(scope())).isInstanceOf(JobRequestException.class)
                .hasMessage("partitions=0 must be at least 1");
        assertThatThrownBy(() -> unknownSpec.check(scope())).isInstanceOf(UserException.class).hasMessageContaining("no-such-template");
    }

    private ConsoleScope scope() {
        return ConsoleScope.of(List.of(root), null);
    }

    private LaunchForm form() {
        LaunchForm form = new LaunchForm();
        form.setSpec(" fhdr-v1.3 ");
        form.setRoots("\n" + root + "\n\n");
        return form;
    }
}
