package io.thinslice.lab;

import io.thinslice.studies.CraniumStudy;
import io.thinslice.studies.PhantomGenerator;
import io.thinslice.studies.PhantomSpec;
import io.thinslice.volume.Geometry;
import io.thinslice.volume.Volume;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/** Lab volumes by name. */
final class LabData {
    private static Volume cranium;

    static synchronized Volume volume(String name) {
        try {
            if (cranium == null) {
                cranium = CraniumStudy.read(CraniumStudy.DEFAULT_FILE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return switch (name) {
            case "cranium" -> cranium;
            case "caudal" -> crop(cranium, 0, 54);
            case "cranial" -> crop(cranium, 54, 108);
            case "phantom" -> PhantomGenerator.thin(PhantomSpec.small());
            case "phantom7" -> PhantomGenerator.thin(PhantomSpec.small().withSeed(7));
            default -> {
                try {
                    yield io.thinslice.studies.NamedStudies.load(name, CraniumStudy.DEFAULT_FILE).thin();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    static Volume crop(Volume v, int from, int to) {
        Geometry g = v.geometry();
        Geometry moved = new Geometry(g.positionOf(from), g.rowDirection(), g.columnDirection(), g.rowSpacing(), g.columnSpacing(), g.sliceSpacing());
        return new Volume(Arrays.copyOfRange(v.voxels(), from * v.sliceSize(), to * v.sliceSize()), to - from, v.rows(), v.columns(), moved);
    }
}
