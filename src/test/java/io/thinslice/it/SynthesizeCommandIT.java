package io.thinslice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code synthesize} command: a folder of DICOM files in, the derived series out, as the node makes it. */
class SynthesizeCommandIT {

    @TempDir
    Path tmp;

    @Test
    void folderInDerivedSeriesOut() throws Exception {
        List<Path> thick = Studies.phantom(tmp.resolve("study"), "--factor", 2, "--thin-slices", 17);
        Tool.Result r = Tool.cli("synthesize", "--in", tmp.resolve("study/thick"), "--out", tmp.resolve("out"), "--method", "cubic",
                "--factor", 2).requireSuccess("synthesize");
        List<Path> derived = derivedFiles(tmp.resolve("out"));
        assertEquals(17, derived.size(), r.output());
        DerivedSeriesAssertions.check(thick, derived, 2);
    }

    @Test
    void aFolderWithoutASeriesIsRefusedWithAReason() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Tool.Result r = Tool.cli("synthesize", "--in", empty, "--out", tmp.resolve("out"));
        assertEquals(2, r.exitCode(), r.output());
        assertTrue(r.output().contains("no files"), r.output());

        List<Path> thick = Studies.phantom(tmp.resolve("study"));
        Files.delete(thick.get(4));
        Tool.Result gap = Tool.cli("synthesize", "--in", tmp.resolve("study/thick"), "--out", tmp.resolve("out"));
        assertEquals(3, gap.exitCode(), gap.output());
        assertTrue(gap.output().contains("missing"), gap.output());
    }

    static List<Path> derivedFiles(Path out) throws Exception {
        try (Stream<Path> s = Files.walk(out)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
