package io.thinslice.cli;

import io.thinslice.synthesis.ThreeViewTrainer;
import java.io.PrintStream;
import java.util.function.Consumer;

/** Prints training or adaptation progress at most every few seconds, so long runs show they are alive. */
final class ProgressPrinter implements Consumer<ThreeViewTrainer.Status> {

    private final PrintStream out;
    private final String what;
    private long lastPrint;

    ProgressPrinter(PrintStream out, String what) {
        this.out = out;
        this.what = what;
    }

    @Override
    public void accept(ThreeViewTrainer.Status s) {
        long now = System.nanoTime();
        if (s.step() == 1 || s.step() == s.steps() || now - lastPrint > 5_000_000_000L) {
            lastPrint = now;
            double seconds = s.elapsed().toMillis() / 1000.0;
            out.printf("%s: step %d%s, loss %.5f, %.0f s, %.2f steps/s%n", what, s.step(), s.steps() == Integer.MAX_VALUE ? "" : "/" + s.steps(),
                    s.loss(), seconds, seconds > 0 ? s.step() / seconds : 0.0);
        }
    }
}
