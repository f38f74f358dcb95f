package io.headpatch.ops.progress;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.time.temporal.ChronoUnit;

/** A live bar on stderr: done/total, files per second, ETA and failures so far. */
final class TerminalProgress implements ProgressDisplay {

    private final ProgressBar bar;

    TerminalProgress(String task) {
        bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(-1)
                .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                .setUnit(" files", 1)
                .showSpeed()
                .setSpeedUnit(ChronoUnit.SECONDS)
                .setUpdateIntervalMillis(500)
                .setMaxRenderedLength(120)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .build();
    }

    @Override
    public synchronized void update(long done, long total, long failures) {
        if (total > 0) {
            bar.maxHint(total);
        }
        bar.stepTo(done);
        bar.setExtraMessage(failures == 0 ? "" : failures + " failures");
    }

    @Override
    public synchronized void close() {
        bar.close();
    }
}
