package io.thinslice.cli;

import io.thinslice.dicom.DicomWebFiles;
import io.thinslice.dicom.StoreDestination;
import io.thinslice.dicom.StoreSender;
import io.thinslice.export.CStoreDestination;
import io.thinslice.export.RetryPolicy;
import io.thinslice.export.SeriesDestination;
import io.thinslice.export.SeriesExporter;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;

/**
 * Hidden (not in the usage list; for bench/export-throughput.sh): sends the Part 10 files of a folder to one C-STORE
 * SCP through the node's own export path ({@link SeriesExporter} → {@link CStoreDestination} → {@link StoreSender}),
 * one attempt, {@code --warmup} + {@code --times} times in the same JVM, and prints how long each send took. The
 * warm-up sends stand for the exports a running node has already made (class loading, JIT); they are printed, marked
 * as such. The files are identified before the clock starts, as the node knows its derived instances before it
 * exports them. With {@code --paced 1} each timed send waits for a line on standard input, so that a bench script can
 * take turns with another sender and both see the same load on a shared machine.
 */
final class SendCommand implements Commands.Command {

    @Override
    public String summary() {
        return "--to AET@host:port --in DIR [--aet THINSLICE --warmup 0 --times 1 --paced 0]  (C-STORE a folder the way the node exports)";
    }

    @Override
    public int run(Options o, PrintStream out) throws Exception {
        String to = o.string("to", null);
        Path in = o.path("in");
        String aet = o.string("aet", "THINSLICE");
        int warmup = o.integer("warmup", 0);
        int times = o.integer("times", 1);
        boolean paced = o.integer("paced", 0) != 0;
        o.requireAllKnown();
        if (to == null) {
            throw new IllegalArgumentException("--to is required");
        }
        if (times < 1 || warmup < 0) {
            throw new IllegalArgumentException("--times must be at least 1 and --warmup at least 0");
        }
        StoreDestination destination = StoreDestination.parse(to);
        Map<String, Path> instances = instances(in);
        if (instances.isEmpty()) {
            throw new IllegalArgumentException("no .dcm files in " + in);
        }
        // The node runs with Quarkus's log level (INFO). A command runs before any logging configuration, where JBoss
        // LogManager enables every level, and PixelMed would format trace messages for every attribute and PDU it
        // handles (a quarter of this command's CPU). Send as the node sends.
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.INFO);
        List<SeriesDestination> destinations = List.of(new CStoreDestination(new StoreSender(aet), destination));
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        BufferedReader turns = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try {
            SeriesExporter exporter = new SeriesExporter(scheduler, new RetryPolicy(1, Duration.ZERO, Duration.ZERO), Clock.systemUTC());
            for (int run = 1 - warmup; run <= times; run++) {
                if (paced && run >= 1 && turns.readLine() == null) {
                    System.err.println("thinslice send: standard input closed before send " + run);
                    return 1;
                }
                CompletableFuture<String> finished = new CompletableFuture<>();
                long t0 = System.nanoTime();
                exporter.export(instances, destinations, new SeriesExporter.Progress() {
                    @Override
                    public void attempted(SeriesDestination d, int attempt, int acknowledged, String problem, Instant nextAttempt) {
                    }

                    @Override
                    public void finished(String failure) {
                        finished.complete(failure);
                    }
                });
                String failure = finished.get();
                double seconds = (System.nanoTime() - t0) / 1e9;
                if (failure != null) {
                    System.err.println("thinslice send: " + failure);
                    return 1;
                }
                out.printf(Locale.ROOT, "%s %d: %d instances in %.3f s = %.1f images/s%n", run < 1 ? "warm-up" : "send",
                        run < 1 ? run + warmup : run, instances.size(), seconds, instances.size() / seconds);
                out.flush();
            }
        } finally {
            scheduler.shutdownNow();
        }
        return 0;
    }

    /** SOP Instance UID → file for every {@code *.dcm} under {@code dir}, in file-name order. */
    private static Map<String, Path> instances(Path dir) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".dcm")).sorted().toList();
        }
        Map<String, Path> instances = new LinkedHashMap<>();
        for (Path f : files) {
            instances.put(DicomWebFiles.identify(f).sopInstanceUid(), f);
        }
        return instances;
    }
}
