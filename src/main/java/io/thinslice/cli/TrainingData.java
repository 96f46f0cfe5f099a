package io.thinslice.cli;

import io.thinslice.dicom.TrainingMaterialReader;
import io.thinslice.studies.CraniumStudy;
import io.thinslice.studies.NamedStudies;
import io.thinslice.studies.StudyIdentity;
import io.thinslice.volume.Decimation;
import io.thinslice.volume.Volume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The training material that the {@code train} options name: the project's studies decimated to thick volumes
 * ({@code --study}), a site's own thick series taken as they are ({@code --input}) and lone real slices for in-plane
 * pairs ({@code --slices}, {@code --real-slices}), each with one provenance line, and what was left out with the reason.
 */
final class TrainingData {

    /** Where test-studies/fetch-real-slices.sh writes, relative to the repository root the command runs in. */
    static final Path REAL_SLICES = Path.of("test-studies/generated/real-slices");
    /** The files that script writes; named, because its SOURCES.txt lies beside them. */
    static final List<String> REAL_SLICE_FILES = List.of("ami-head-ct.dcm", "ami-melanix-ct.dcm");

    static final String OPTIONS = "--study cranium,cranium-cranial,phantom,train-abdomen-1,...|none --factors 2,4 --file " + CraniumStudy.DEFAULT_FILE
            + " --input DIR[,DIR...] --slices FILE_OR_DIR[,...] --real-slices true|false";

    /**
     * What the options ask for; making it reads no file.
     *
     * @param studies     project studies to decimate: cranium, phantom
     * @param factors     decimation factors of the studies (2 and/or 4)
     * @param craniumFile the InVesalius project of the Cranium study
     * @param inputs      folders or files of thick series, each series taken as it is
     * @param slices      folders or files of lone slices
     */
    record Request(List<String> studies, int[] factors, Path craniumFile, List<Path> inputs, List<Path> slices) {
        Request {
            studies = List.copyOf(studies);
            factors = factors.clone();
            inputs = List.copyOf(inputs);
            slices = List.copyOf(slices);
        }
    }

    /**
     * Volumes and slices to train on.
     *
     * @param thick      volumes of at least 3 slices
     * @param slices     one-slice volumes
     * @param provenance one line per volume, then one per slice, in the order of {@code thick} and {@code slices}
     * @param refused    files and series left out, each {@code source: reason}
     * @param seen       the identities of everything trained on ({@link StudyIdentity}), for held-out checks
     */
    record Material(List<Volume> thick, List<Volume> slices, List<String> provenance, List<String> refused, List<String> seen) {
        Material {
            thick = List.copyOf(thick);
            slices = List.copyOf(slices);
            provenance = List.copyOf(provenance);
            refused = List.copyOf(refused);
            seen = List.copyOf(new java.util.LinkedHashSet<>(seen));
            if (provenance.size() != thick.size() + slices.size()) {
                throw new IllegalArgumentException(provenance.size() + " provenance lines for " + thick.size() + " volumes and "
                        + slices.size() + " slices");
            }
        }

        List<String> thickProvenance() {
            return provenance.subList(0, thick.size());
        }

        List<String> sliceProvenance() {
            return provenance.subList(thick.size(), provenance.size());
        }
    }

    private TrainingData() {
    }

    /**
     * Reads the data options. {@code --study} defaults to cranium, as before {@code --input} existed, unless
     * {@code --input} is given: a site training on its own series should not need the demo package.
     */
    static Request request(Options o) {
        List<Path> inputs = paths(o.string("input", null));
        List<Path> slices = new ArrayList<>(paths(o.string("slices", null)));
        String study = o.string("study", inputs.isEmpty() ? "cranium" : "none");
        List<String> studies = study.equals("none") ? List.of() : Arrays.asList(study.split(","));
        int[] factors = Arrays.stream(o.string("factors", "2,4").split(",")).mapToInt(Integer::parseInt).toArray();
        for (int f : factors) {
            if (f != 2 && f != 4) {
                throw new IllegalArgumentException("--factors takes 2 and/or 4");
            }
        }
        Path craniumFile = Path.of(o.string("file", CraniumStudy.DEFAULT_FILE.toString()));
        if (Boolean.parseBoolean(o.string("real-slices", "false"))) {
            REAL_SLICE_FILES.forEach(f -> slices.add(REAL_SLICES.resolve(f)));
        }
        return new Request(studies, factors, craniumFile, inputs, slices);
    }

    static Material load(Request r) throws IOException {
        requireExisting("--input", r.inputs());
        requireExisting("--slices", r.slices());
        List<Volume> thick = new ArrayList<>();
        List<Volume> slices = new ArrayList<>();
        List<String> thickProvenance = new ArrayList<>();
        List<String> sliceProvenance = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (String name : r.studies()) {
            NamedStudies.Study study = NamedStudies.load(name, r.craniumFile());
            Volume thin = study.thin();
            seen.add(study.identity());
            for (int f : r.factors()) {
                thick.add(Decimation.keepEveryNth(thin, f, 0));
                thickProvenance.add(name + " " + thin.slices() + "x" + thin.rows() + "x" + thin.columns() + " decimated by " + f
                        + " [" + study.identity() + "]");
            }
        }
        if (!r.inputs().isEmpty()) {
            TrainingMaterialReader.Material m = TrainingMaterialReader.read(r.inputs());
            for (TrainingMaterialReader.Item i : m.volumes()) {
                // Already thick as acquired: decimating them again would only make the task harder than the node's.
                thick.add(i.volume());
                thickProvenance.add(i.provenance());
                seen.add("series:" + i.seriesInstanceUid());
            }
            m.slices().forEach(i -> refused.add(i.provenance() + ": a lone slice, not a thick series; give it with --slices"));
            m.refused().forEach(x -> refused.add(x.toString()));
            if (m.volumes().isEmpty()) {
                throw new IllegalArgumentException("--input " + r.inputs() + ": no usable thick series" + listed(refused));
            }
        }
        if (!r.slices().isEmpty()) {
            TrainingMaterialReader.Material m = TrainingMaterialReader.read(r.slices());
            for (TrainingMaterialReader.Item i : m.slices()) {
                slices.add(i.volume());
                sliceProvenance.add(i.provenance());
                seen.add("series:" + i.seriesInstanceUid());
            }
            m.volumes().forEach(i -> refused.add(i.provenance() + ": a series of " + i.volume().slices()
                    + " slices, not a lone slice; give its folder with --input"));
            m.refused().forEach(x -> refused.add(x.toString()));
            if (m.slices().isEmpty()) {
                throw new IllegalArgumentException("--slices " + r.slices() + ": no usable lone slice" + listed(refused));
            }
        }
        List<String> provenance = new ArrayList<>(thickProvenance);
        provenance.addAll(sliceProvenance);
        return new Material(thick, slices, provenance, refused, seen);
    }

    /** A wrong path is a usage error (exit 2), told before any volume is read. */
    private static void requireExisting(String option, List<Path> paths) {
        for (Path p : paths) {
            if (p.startsWith(REAL_SLICES) && !Files.exists(p)) {
                throw new IllegalArgumentException("--real-slices: " + p + " not found; make it with test-studies/fetch-real-slices.sh"
                        + " and run train from the repository root");
            }
            if (!Files.exists(p)) {
                throw new IllegalArgumentException(option + ": no such file or folder: " + p);
            }
        }
    }

    private static List<Path> paths(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return List.of();
        }
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Path::of).toList();
    }

    private static String listed(List<String> refused) {
        return refused.isEmpty() ? "" : "; left out:\n  " + String.join("\n  ", refused);
    }
}
