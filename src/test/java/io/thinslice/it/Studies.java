package io.thinslice.it;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Test studies made by the node's own {@code phantom} command, and small readers for assertions. */
final class Studies {

    private Studies() {
    }

    /**
     * Phantoms already written in this JVM, by their options: the command is deterministic (the same options give the
     * same bytes), so a study asked for again is copied instead of written again.
     */
    private static final Map<List<String>, Path> WRITTEN = new HashMap<>();
    private static Path cache;

    /** Writes a phantom study under {@code dir} (thick/ and thin/) and returns the thick files. */
    static synchronized List<Path> phantom(Path dir, Object... options) throws IOException {
        List<String> key = Arrays.stream(options).map(String::valueOf).toList();
        Path written = WRITTEN.get(key);
        if (written == null) {
            if (cache == null) {
                cache = Files.createTempDirectory("thinslice-phantoms");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(cache)));
            }
            written = cache.resolve(Integer.toString(WRITTEN.size()));
            phantomInProcess(written, options);
            WRITTEN.put(key, written);
        }
        for (String part : List.of("thick", "thin")) {
            Path to = Files.createDirectories(dir.resolve(part));
            for (Path f : files(written.resolve(part))) {
                Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return files(dir.resolve("thick"));
    }

    /**
     * The phantom command's code run in this JVM: the same study as {@link #phantomByCommand} (StudyCommandsIT compares
     * them byte for byte) without a JVM start per study (some 35 distinct studies in the suite, ~2.5 s each).
     */
    static List<Path> phantomInProcess(Path dir, Object... options) throws IOException {
        String[] args = new String[options.length + 3];
        args[0] = "phantom";
        args[1] = "--out";
        args[2] = dir.toString();
        for (int i = 0; i < options.length; i++) {
            args[i + 3] = String.valueOf(options[i]);
        }
        int exit = io.thinslice.cli.InProcessCommands.run(args);
        if (exit != 0) {
            throw new AssertionError("phantom command (in process) exited with " + exit + " for " + Arrays.toString(args)
                    + "; its message is on standard error");
        }
        return files(dir.resolve("thick"));
    }

    /** Like {@link #phantom}, always through the packaged jar's command (its own test: the same options write the same study). */
    static List<Path> phantomByCommand(Path dir, Object... options) throws IOException {
        Object[] args = new Object[options.length + 3];
        args[0] = "phantom";
        args[1] = "--out";
        args[2] = dir;
        System.arraycopy(options, 0, args, 3, options.length);
        Tool.cli(args).requireSuccess("phantom command");
        return files(dir.resolve("thick"));
    }

    /**
     * The routing study ({@code phantom --study routing}): its series by folder (1-topogram, 2-axial-1mm,
     * 3-axial-5mm-soft, 4-axial-5mm-sharp, 5-coronal-reformat, 6-two-slices), each folder's files sorted.
     */
    static Map<String, List<Path>> routingStudy(Path dir) throws IOException {
        // The command in this JVM, as phantomInProcess (PhantomCommandTest runs it too).
        int rc = io.thinslice.cli.InProcessCommands.run("phantom", "--out", dir.toString(), "--study", "routing");
        if (rc != 0) {
            throw new IOException("phantom --study routing exited with " + rc);
        }
        Map<String, List<Path>> series = new java.util.TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path d : s.filter(Files::isDirectory).toList()) {
                series.put(d.getFileName().toString(), files(d));
            }
        }
        return series;
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind
        }
    }

    static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    static AttributeList read(Path file) throws Exception {
        AttributeList list = new AttributeList();
        list.read(file.toFile());
        return list;
    }

    static String string(AttributeList list, com.pixelmed.dicom.AttributeTag tag) {
        return Attribute.getSingleStringValueOrEmptyString(list, tag);
    }

    static String seriesUid(Path file) throws Exception {
        return string(read(file), TagFromName.SeriesInstanceUID);
    }
}
