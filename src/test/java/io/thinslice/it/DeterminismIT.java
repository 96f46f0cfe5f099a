package io.thinslice.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same series derived twice, the second time while other processes keep every core busy, gives bit-identical
 * derived pixels: adaptation runs a fixed number of steps, never a time, so a slower machine learns the same weights.
 * Through the {@code synthesize} command, which runs the node's processing (guard and adaptation included).
 */
class DeterminismIT {

    @TempDir
    Path tmp;

    @Test
    void theSameSeriesGivesBitIdenticalPixelsOnABusyMachine() throws Exception {
        // StoreRoundTripIT's small series (one phantom command for both): a run costs what its slice size costs.
        List<Path> thick = Studies.phantom(tmp.resolve("study"), StoreRoundTripIT.SMALL);
        // guard margin -100: the model derives the series whatever the check says, so the adapted model's pixels are
        // compared; 50 steps: adaptation checks every 50, and only a checked step's weights can be kept (with 30, as
        // before, the unadapted weights derived the series and the adapted ones were never compared)
        Object[] args = {"synthesize", "--in", tmp.resolve("study/thick"), "--out", null, "--adapt-steps", 50, "--guard-margin", -100};
        args[4] = tmp.resolve("quiet");
        Tool.Result quiet = Tool.cli(args).requireSuccess("synthesize (quiet)");
        List<Process> hogs = new ArrayList<>();
        int cores = Runtime.getRuntime().availableProcessors();
        for (int i = 0; i < cores + 1; i++) {
            hogs.add(new ProcessBuilder("sh", "-c", "while :; do :; done").start());
        }
        Tool.Result busy;
        try {
            args[4] = tmp.resolve("busy");
            busy = Tool.cli(args).requireSuccess("synthesize (busy)");
        } finally {
            hogs.forEach(Process::destroyForcibly);
        }
        assertTrue(quiet.output().contains("three-view sha-") && quiet.output().contains("+adapt50"), quiet.output());
        assertTrue(line(quiet.output(), "guard: ").contains("adaptation.keptStep=50"), "the adapted weights derived the series: " + quiet.output());
        Map<String, byte[]> a = pixels(SynthesizeCommandIT.derivedFiles(tmp.resolve("quiet")));
        Map<String, byte[]> b = pixels(SynthesizeCommandIT.derivedFiles(tmp.resolve("busy")));
        assertEquals(33, a.size());
        assertEquals(a.keySet(), b.keySet(), "the same SOP Instance UIDs");
        for (String uid : a.keySet()) {
            assertArrayEquals(a.get(uid), b.get(uid), "pixels of " + uid);
        }
        assertEquals(line(quiet.output(), "guard: "), line(busy.output(), "guard: "), "the same check estimates and kept step");
        assertEquals(9, thick.size());
    }

    private static Map<String, byte[]> pixels(List<Path> files) throws Exception {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (Path f : files) {
            AttributeList l = Studies.read(f);
            out.put(Studies.string(l, TagFromName.SOPInstanceUID), l.get(TagFromName.PixelData).getByteValues(false));
        }
        return out;
    }

    private static String line(String output, String prefix) {
        return output.lines().filter(l -> l.startsWith(prefix)).findFirst().orElse("");
    }
}
