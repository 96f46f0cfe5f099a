package io.thinslice.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import io.thinslice.volume.Geometry;
import io.thinslice.volume.SeriesRefusedException;
import io.thinslice.volume.SliceHeader;
import io.thinslice.volume.SliceStack;
import io.thinslice.volume.Volume;
import io.thinslice.volume.VolumeBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads folders of Part 10 files as training material: every CT series that {@link VolumeBuilder#validate} accepts
 * becomes a volume, every series of one instance a one-slice volume, and everything else is listed with the reason,
 * so that a site sees what was left out of its training and why.
 */
public final class TrainingMaterialReader {

    /**
     * Spacing given to a lone slice without Slice Thickness. A one-slice volume has no neighbour to measure it from,
     * and only its in-plane anatomy is used; 1 mm keeps {@link Geometry} valid without claiming anything.
     */
    public static final double DEFAULT_SLICE_THICKNESS_MM = 1.0;

    /**
     * What a read found.
     *
     * @param volumes series of at least {@link VolumeBuilder#MIN_SLICES} slices, in HU, sorted along the normal
     * @param slices  lone slices, each a one-slice volume in HU
     * @param refused files and series that were not used, each with the reason
     */
    public record Material(List<Item> volumes, List<Item> slices, List<Refusal> refused) {
        public Material {
            volumes = List.copyOf(volumes);
            slices = List.copyOf(slices);
            refused = List.copyOf(refused);
        }
    }

    /**
     * One volume or slice and where it came from.
     *
     * @param volume            the voxels in HU with their geometry
     * @param seriesInstanceUid Series Instance UID of the source
     * @param provenance        one line: series UID, description, body part, slice count, spacings, folder or file
     */
    public record Item(Volume volume, String seriesInstanceUid, String provenance) {
    }

    /**
     * A file or series that was not used.
     *
     * @param source the Series Instance UID (with its folder) or the file
     * @param reason why, as {@link SeriesRefusedException} or the reader says it
     */
    public record Refusal(String source, String reason) {
        @Override
        public String toString() {
            return source + ": " + reason;
        }
    }

    private TrainingMaterialReader() {
    }

    /**
     * Walks {@code roots} (files or folders, recursively, in name order) and reads every file as DICOM.
     *
     * @throws IOException when a root cannot be listed; unreadable files are refusals, not errors
     */
    public static Material read(List<Path> roots) throws IOException {
        List<Refusal> refused = new ArrayList<>();
        Map<String, List<Header>> bySeries = new LinkedHashMap<>();
        Map<String, Path> seenInstances = new LinkedHashMap<>();
        for (Path file : files(roots)) {
            Header h;
            try {
                h = Header.read(file);
            } catch (IOException e) {
                refused.add(new Refusal(file.toString(), reason(e)));
                continue;
            }
            if (h.slice().seriesInstanceUid() == null) {
                refused.add(new Refusal(file.toString(), "no Series Instance UID"));
                continue;
            }
            String key = h.slice().sopInstanceUid() == null ? file.toString() : h.slice().sopInstanceUid();
            Path earlier = seenInstances.putIfAbsent(key, file);
            if (earlier != null) {
                // The same instance twice (a copy in another folder) would look like two slices at one position.
                refused.add(new Refusal(file.toString(), "same SOP Instance UID as " + earlier + " (a copy); read once"));
                continue;
            }
            bySeries.computeIfAbsent(h.slice().seriesInstanceUid(), k -> new ArrayList<>()).add(h);
        }
        List<Item> volumes = new ArrayList<>();
        List<Item> slices = new ArrayList<>();
        for (Map.Entry<String, List<Header>> e : bySeries.entrySet()) {
            List<Header> series = new ArrayList<>();
            for (Header h : e.getValue()) {
                // Some scanners keep the scout in the axial series; it is not a slice of the volume.
                if (h.slice().isLocalizer() && e.getValue().size() > 1) {
                    refused.add(new Refusal(h.slice().path().toString(), "localizer (a projection, not a slice); left out of series " + e.getKey()));
                } else {
                    series.add(h);
                }
            }
            if (series.isEmpty()) {
                continue;
            }
            if (series.size() == 1) {
                readSingle(series.get(0), slices, refused);
            } else {
                readSeries(e.getKey(), series, volumes, refused);
            }
        }
        return new Material(volumes, slices, refused);
    }

    private static void readSeries(String uid, List<Header> series, List<Item> volumes, List<Refusal> refused) {
        List<SliceHeader> headers = series.stream().map(Header::slice).toList();
        Path folder = commonFolder(headers);
        try {
            SliceStack stack = VolumeBuilder.validate(headers);
            Volume v = VolumeBuilder.load(stack, new InstanceReader());
            Header first = series.get(0);
            Geometry g = v.geometry();
            long lossy = headers.stream().filter(SliceHeader::lossyCompressed).count();
            volumes.add(new Item(v, uid, String.format(Locale.ROOT, "series %s \"%s\" (%s): %d slices of %dx%d, %s x %s mm pixels,"
                            + " %s mm apart%s, from %s", uid, first.slice().seriesDescription(), first.bodyPart(), v.slices(), v.rows(),
                    v.columns(), mm(g.rowSpacing()), mm(g.columnSpacing()), mm(g.sliceSpacing()),
                    lossy == 0 ? "" : ", " + lossy + " slices lossy-compressed at source (Lossy Image Compression 01)", folder)));
        } catch (SeriesRefusedException | IOException ex) {
            refused.add(new Refusal("series " + uid + " (" + headers.size() + " files in " + folder + ")", reason(ex)));
        }
    }

    private static void readSingle(Header h, List<Item> slices, List<Refusal> refused) {
        SliceHeader s = h.slice();
        try {
            double thickness = h.sliceThickness() > 0 ? h.sliceThickness() : DEFAULT_SLICE_THICKNESS_MM;
            SliceStack stack = VolumeBuilder.validateSingleSlice(s, thickness);
            Volume v = VolumeBuilder.load(stack, new InstanceReader());
            Geometry g = v.geometry();
            String notes = (h.sliceThickness() > 0 ? "" : ", no Slice Thickness (" + DEFAULT_SLICE_THICKNESS_MM + " mm assumed)")
                    + (s.imagePosition() == null || s.imageOrientation() == null ? ", no Image Position/Orientation (placed at the origin, axial)" : "")
                    + (s.lossyCompressed() ? ", lossy-compressed at source (Lossy Image Compression 01)" : "");
            slices.add(new Item(v, s.seriesInstanceUid(), String.format(Locale.ROOT, "slice %s of series %s \"%s\" (%s): %dx%d,"
                            + " %s x %s mm pixels, %s mm thick%s, from %s", s.sopInstanceUid(), s.seriesInstanceUid(),
                    s.seriesDescription(), h.bodyPart(), v.rows(), v.columns(), mm(g.rowSpacing()), mm(g.columnSpacing()), mm(g.sliceSpacing()),
                    notes, s.path().toAbsolutePath())));
        } catch (SeriesRefusedException | IOException ex) {
            refused.add(new Refusal(s.path().toString(), reason(ex)));
        }
    }

    private static List<Path> files(List<Path> roots) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.exists(root)) {
                throw new IOException("no such file or folder: " + root);
            }
            try (Stream<Path> s = Files.walk(root)) {
                s.filter(Files::isRegularFile).sorted().forEach(files::add);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        return files;
    }

    /** An EOFException from a truncated file has no message; its type is the reason. */
    private static String reason(Exception e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.toString() : e.getMessage();
    }

    /** Nine significant digits, no trailing zeros: DS values read back as written, measured spacings without float noise. */
    private static String mm(double v) {
        return BigDecimal.valueOf(v).round(new MathContext(9)).stripTrailingZeros().toPlainString();
    }

    /** The deepest folder holding every file of the series. */
    private static Path commonFolder(List<SliceHeader> headers) {
        Path common = headers.get(0).path().toAbsolutePath().getParent();
        for (SliceHeader h : headers) {
            Path p = h.path().toAbsolutePath();
            while (common != null && !p.startsWith(common)) {
                common = common.getParent();
            }
        }
        return common;
    }

    /** A slice header and the two attributes provenance and lone slices need beyond it. */
    private record Header(SliceHeader slice, String bodyPart, double sliceThickness) {
        static Header read(Path file) throws IOException {
            requirePart10(file);
            AttributeList list = InstanceReader.readHeaderAttributes(file);
            String bodyPart = InstanceReader.string(list, TagFromName.BodyPartExamined);
            return new Header(InstanceReader.header(list, file), bodyPart == null ? "body part not given" : bodyPart,
                    Attribute.getSingleDoubleValueOrDefault(list, TagFromName.SliceThickness, 0));
        }

        /**
         * Part 10 files only: a site folder also holds reports, DICOMDIRs' neighbours and the like, and parsing
         * arbitrary bytes as a bare data set can read a garbage length as a huge allocation.
         */
        private static void requirePart10(Path file) throws IOException {
            byte[] prefix = new byte[132];
            int n;
            try (InputStream in = Files.newInputStream(file)) {
                n = in.readNBytes(prefix, 0, prefix.length);
            }
            if (n < prefix.length || prefix[128] != 'D' || prefix[129] != 'I' || prefix[130] != 'C' || prefix[131] != 'M') {
                throw new IOException("not a DICOM Part 10 file (no DICM prefix)");
            }
        }
    }
}
