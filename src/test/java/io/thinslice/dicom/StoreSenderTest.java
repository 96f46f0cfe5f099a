package io.thinslice.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.SetOfDicomFiles;
import io.thinslice.volume.Geometry;
import io.thinslice.volume.Volume;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How StoreSender tells PixelMed what it sends. */
class StoreSenderTest {

    @TempDir
    Path tmp;

    /** File name → [SOP Class, SOP Instance, transfer syntax] as PixelMed will send it. */
    private static Map<String, List<String>> view(SetOfDicomFiles set) {
        Map<String, List<String>> m = new TreeMap<>();
        for (SetOfDicomFiles.DicomFile f : set) {
            m.put(f.getFileName(), Arrays.asList(f.getSOPClassUID(), f.getSOPInstanceUID(), f.getTransferSyntaxUID()));
        }
        return m;
    }

    @Test
    void theSetFromMetaInformationIsWhatPixelMedsFullHeaderReadGives() throws Exception {
        Volume volume = new Volume(new float[3 * 4 * 4], 3, 4, 4, Geometry.axial(new double[] {0, 0, 0}, 1, 5));
        List<Path> files = new ArrayList<>(SourceSeriesWriter.write(volume, SourceSeriesSpec.named("set-of", "Set^Of", "Export", 7, 0),
                tmp.resolve("series")));
        files.add(tmp.resolve("missing.dcm")); // left to PixelMed, which records it without UIDs, as before
        List<String> names = new ArrayList<>(files.stream().map(Path::toString).toList());

        SetOfDicomFiles ours = StoreSender.setOf(files);

        assertEquals(view(new SetOfDicomFiles(new ArrayList<>(names))), view(ours));
        assertTrue(ours.getSetOfSOPClassUIDs().contains(SOPClass.CTImageStorage), "presentation contexts are proposed from this set");
        assertEquals(DicomWebFiles.identify(files.get(0)).sopInstanceUid(), view(ours).get(files.get(0).toString()).get(1));
    }
}
