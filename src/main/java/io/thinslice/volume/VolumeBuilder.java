package io.thinslice.volume;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Turns the instances of one series into a validated, sorted stack and then into an HU volume.
 * It refuses rather than guesses: every rule below names what it found.
 */
public final class VolumeBuilder {

    static final String CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2";
    public static final int MIN_SLICES = 3;
    /** Direction cosines that differ by less than this are the same orientation. */
    private static final double ORIENTATION_TOLERANCE = 1e-4;
    /** Largest angle (as 1 - cos) between the slice normal and the patient z axis still called axial. */
    private static final double AXIAL_TOLERANCE = 1e-3;
    /** Spacing may vary by this fraction of the nominal spacing (DS rounding) and still be uniform. */
    private static final double SPACING_TOLERANCE = 0.01;

    private VolumeBuilder() {
    }

    /**
     * Checks every rule and sorts the slices by their position along the slice normal (never by Instance Number).
     *
     * @throws SeriesRefusedException IGNORED for series not ours to process, FAILED for CT we cannot process
     */
    public static SliceStack validate(List<SliceHeader> instances) throws SeriesRefusedException {
        if (instances.isEmpty()) {
            throw SeriesRefusedException.failed("the series has no instances");
        }
        for (SliceHeader s : instances) {
            requireCtImage(s);
        }
        SliceHeader first = instances.get(0);
        for (SliceHeader s : instances) {
            requirePlane(s);
            requireSingleFrame16(s);
            if (!sameOrientation(first.imageOrientation(), s.imageOrientation())) {
                throw SeriesRefusedException.failed("the series has more than one Image Orientation (Patient): "
                        + Arrays.toString(first.imageOrientation()) + " and " + Arrays.toString(s.imageOrientation()));
            }
            if (s.rows() != first.rows() || s.columns() != first.columns()) {
                throw SeriesRefusedException.failed("slices differ in size: " + first.rows() + "x" + first.columns() + " and "
                        + s.rows() + "x" + s.columns());
            }
            if (s.bitsAllocated() != first.bitsAllocated() || s.bitsStored() != first.bitsStored()
                    || s.pixelRepresentation() != first.pixelRepresentation()) {
                // Acquired slices pass through bit for bit under one pixel format for the whole derived series.
                throw SeriesRefusedException.failed("slices differ in pixel format (Bits Allocated/Stored, Pixel Representation): "
                        + first.bitsAllocated() + "/" + first.bitsStored() + "/" + first.pixelRepresentation() + " and "
                        + s.bitsAllocated() + "/" + s.bitsStored() + "/" + s.pixelRepresentation());
            }
            if (Math.abs(s.pixelSpacing()[0] - first.pixelSpacing()[0]) > 1e-6 || Math.abs(s.pixelSpacing()[1] - first.pixelSpacing()[1]) > 1e-6) {
                throw SeriesRefusedException.failed("slices differ in Pixel Spacing: " + Arrays.toString(first.pixelSpacing()) + " and "
                        + Arrays.toString(s.pixelSpacing()));
            }
            if (!Objects.equals(first.frameOfReferenceUid(), s.frameOfReferenceUid())) {
                throw SeriesRefusedException.failed("the series has more than one Frame of Reference UID");
            }
            if (!Objects.equals(first.studyInstanceUid(), s.studyInstanceUid())) {
                // The derived series belongs to one study; picking one would file slices of the other under it.
                throw SeriesRefusedException.failed("the series spans more than one study (Study Instance UID " + first.studyInstanceUid()
                        + " and " + s.studyInstanceUid() + ")");
            }
        }
        if (instances.size() < MIN_SLICES) {
            throw SeriesRefusedException.failed("the series has " + instances.size() + " slices; at least " + MIN_SLICES + " are needed");
        }
        double[] row = Arrays.copyOfRange(first.imageOrientation(), 0, 3);
        double[] col = Arrays.copyOfRange(first.imageOrientation(), 3, 6);
        double[] normal = Vectors.cross(row, col);
        if (Math.abs(Vectors.norm(normal) - 1) > 1e-3 || Math.abs(Vectors.dot(row, col)) > 1e-3) {
            throw SeriesRefusedException.failed("Image Orientation (Patient) " + Arrays.toString(first.imageOrientation())
                    + " is not two orthogonal unit vectors");
        }
        if (1 - Math.abs(normal[2]) > AXIAL_TOLERANCE) {
            throw SeriesRefusedException.failed("the slices are not axial (normal " + fmt(normal)
                    + "); only axial series are processed for now");
        }

        List<SliceHeader> sorted = new ArrayList<>(instances);
        sorted.sort(Comparator.comparingDouble(s -> Vectors.dot(s.imagePosition(), normal)));
        double[] d = sorted.stream().mapToDouble(s -> Vectors.dot(s.imagePosition(), normal)).toArray();
        for (int i = 1; i < d.length; i++) {
            if (d[i] - d[i - 1] < 1e-3) {
                throw SeriesRefusedException.failed("two slices share the position " + fmt(d[i]) + " mm along the normal ("
                        + sorted.get(i - 1).sopInstanceUid() + ", " + sorted.get(i).sopInstanceUid() + ")");
            }
        }
        // Gantry tilt: positions step off the normal.
        double[] p0 = sorted.get(0).imagePosition();
        for (SliceHeader s : sorted) {
            double[] p = s.imagePosition();
            double[] delta = {p[0] - p0[0], p[1] - p0[1], p[2] - p0[2]};
            double along = Vectors.dot(delta, normal);
            double off = Math.sqrt(Math.max(0, Vectors.dot(delta, delta) - along * along));
            if (off > 0.01 + 1e-3 * Math.abs(along)) {
                throw SeriesRefusedException.failed("slice positions are not along the slice normal (gantry tilt or sheared stack, "
                        + fmt(off) + " mm off at " + fmt(d[sorted.indexOf(s)]) + " mm); not supported for now");
            }
        }
        double spacing = nominalSpacing(d);
        for (int i = 1; i < d.length; i++) {
            double step = d[i] - d[i - 1];
            if (Math.abs(step - spacing) > SPACING_TOLERANCE * spacing) {
                long missing = Math.round(step / spacing) - 1;
                if (missing >= 1 && Math.abs(step - (missing + 1) * spacing) <= SPACING_TOLERANCE * spacing * (missing + 1)) {
                    StringBuilder where = new StringBuilder();
                    for (int k = 1; k <= missing; k++) {
                        where.append(k > 1 ? ", " : "").append(fmt(d[i - 1] + k * spacing));
                    }
                    throw SeriesRefusedException.failed("missing slice" + (missing > 1 ? "s" : "") + " at " + where
                            + " mm along the normal (spacing " + fmt(spacing) + " mm, gap between " + fmt(d[i - 1]) + " and " + fmt(d[i]) + ")");
                }
                throw SeriesRefusedException.failed("slice spacing is not uniform: " + fmt(step) + " mm between " + fmt(d[i - 1])
                        + " and " + fmt(d[i]) + " mm, expected " + fmt(spacing) + " mm");
            }
        }
        double uniform = (d[d.length - 1] - d[0]) / (d.length - 1);
        Geometry geometry = new Geometry(p0, row, col, first.pixelSpacing()[0], first.pixelSpacing()[1], uniform);
        return new SliceStack(sorted, geometry);
    }

    /**
     * Checks one lone slice, to be used for its in-plane anatomy alone: the rules of {@link #validate} that concern
     * one instance, except that any plane closer to axial than to coronal or sagittal is accepted (gantry tilt
     * changes nothing within a slice; a reformat's in-plane detail along z is only as fine as its source's spacing).
     * Without Image Position and Orientation the slice is placed at the origin, rows along +x, columns along +y.
     *
     * @param sliceSpacing spacing given to the one-slice geometry, mm: there is no neighbour, so the caller passes
     *                     Slice Thickness or its own default
     */
    public static SliceStack validateSingleSlice(SliceHeader s, double sliceSpacing) throws SeriesRefusedException {
        requireCtImage(s);
        if (s.isLocalizer()) {
            throw SeriesRefusedException.ignored("instance " + s.sopInstanceUid() + " is a localizer (a projection, not a slice)");
        }
        requireSingleFrame16(s);
        if (s.pixelSpacing() == null || s.pixelSpacing().length != 2 || !(s.pixelSpacing()[0] > 0) || !(s.pixelSpacing()[1] > 0)) {
            throw SeriesRefusedException.failed("instance " + s.sopInstanceUid() + " has no valid Pixel Spacing");
        }
        if (!(sliceSpacing > 0)) {
            throw new IllegalArgumentException("slice spacing must be positive, got " + sliceSpacing);
        }
        boolean placed = s.imagePosition() != null && s.imagePosition().length == 3
                && s.imageOrientation() != null && s.imageOrientation().length == 6;
        if (!placed) {
            return new SliceStack(List.of(s), new Geometry(new double[3], new double[] {1, 0, 0}, new double[] {0, 1, 0},
                    s.pixelSpacing()[0], s.pixelSpacing()[1], sliceSpacing));
        }
        double[] row = Arrays.copyOfRange(s.imageOrientation(), 0, 3);
        double[] col = Arrays.copyOfRange(s.imageOrientation(), 3, 6);
        double[] normal = Vectors.cross(row, col);
        if (Math.abs(Vectors.norm(normal) - 1) > 1e-3 || Math.abs(Vectors.dot(row, col)) > 1e-3) {
            throw SeriesRefusedException.failed("Image Orientation (Patient) " + Arrays.toString(s.imageOrientation())
                    + " is not two orthogonal unit vectors");
        }
        if (Math.abs(normal[2]) < Math.max(Math.abs(normal[0]), Math.abs(normal[1]))) {
            throw SeriesRefusedException.failed("the slice is not axial (normal " + fmt(normal) + "), it is closer to coronal or sagittal");
        }
        return new SliceStack(List.of(s), new Geometry(s.imagePosition(), row, col, s.pixelSpacing()[0], s.pixelSpacing()[1], sliceSpacing));
    }

    /** Reads every slice through {@code pixels} and rescales to HU. */
    public static Volume load(SliceStack stack, PixelSource pixels) throws IOException {
        int n = stack.slices().size();
        int size = stack.rows() * stack.columns();
        float[] voxels = new float[n * size];
        for (int z = 0; z < n; z++) {
            readHu(stack.slices().get(z), pixels, voxels, z * size);
        }
        return new Volume(voxels, n, stack.rows(), stack.columns(), stack.geometry());
    }

    /** One slice in HU into {@code into} from {@code offset}: Rows × Columns values (the whole volume's and a slab's reads alike). */
    static void readHu(SliceHeader s, PixelSource pixels, float[] into, int offset) throws IOException {
        int size = s.rows() * s.columns();
        short[] stored = pixels.storedValues(s);
        if (stored.length < size) {
            throw new IOException("instance " + s.sopInstanceUid() + " has " + stored.length + " pixels, expected " + size);
        }
        for (int i = 0; i < size; i++) {
            into[offset + i] = (float) s.toHu(stored[i]);
        }
    }

    /** Series that are not ours to process: IGNORED, as the node records them. */
    private static void requireCtImage(SliceHeader s) throws SeriesRefusedException {
        if (s.derivedByThinSlice()) {
            throw SeriesRefusedException.ignored("the series was derived by ThinSlice itself (instance " + s.sopInstanceUid() + ")");
        }
        if (!"CT".equals(s.modality())) {
            throw SeriesRefusedException.ignored("modality is " + (s.modality() == null ? "absent" : s.modality())
                    + ", not CT (instance " + s.sopInstanceUid() + ")");
        }
        if (!CT_IMAGE_STORAGE.equals(s.sopClassUid())) {
            throw SeriesRefusedException.ignored("SOP class " + s.sopClassUid() + " is not CT Image Storage");
        }
    }

    private static void requireSingleFrame16(SliceHeader s) throws SeriesRefusedException {
        if (s.numberOfFrames() != 1 || s.samplesPerPixel() != 1 || s.bitsAllocated() != 16) {
            throw SeriesRefusedException.failed("instance " + s.sopInstanceUid() + " is not a single-frame 16-bit greyscale image ("
                    + s.numberOfFrames() + " frames, " + s.samplesPerPixel() + " samples, " + s.bitsAllocated() + " bits)");
        }
    }

    private static void requirePlane(SliceHeader s) throws SeriesRefusedException {
        if (s.imagePosition() == null || s.imagePosition().length != 3) {
            throw SeriesRefusedException.failed("instance " + s.sopInstanceUid() + " has no valid Image Position (Patient)");
        }
        if (s.imageOrientation() == null || s.imageOrientation().length != 6) {
            throw SeriesRefusedException.failed("instance " + s.sopInstanceUid() + " has no valid Image Orientation (Patient)");
        }
        if (s.pixelSpacing() == null || s.pixelSpacing().length != 2 || !(s.pixelSpacing()[0] > 0) || !(s.pixelSpacing()[1] > 0)) {
            throw SeriesRefusedException.failed("instance " + s.sopInstanceUid() + " has no valid Pixel Spacing");
        }
    }

    private static boolean sameOrientation(double[] a, double[] b) {
        for (int i = 0; i < 6; i++) {
            if (Math.abs(a[i] - b[i]) > ORIENTATION_TOLERANCE) {
                return false;
            }
        }
        return true;
    }

    /** The smallest step is the acquisition spacing: a gap can only make a step longer. */
    private static double nominalSpacing(double[] d) {
        double[] steps = new double[d.length - 1];
        for (int i = 1; i < d.length; i++) {
            steps[i - 1] = d[i] - d[i - 1];
        }
        Arrays.sort(steps);
        // The median is robust to a single odd step; if most steps are doubled by gaps the smallest still wins.
        double median = steps[steps.length / 2];
        return Math.min(median, steps[0] * (1 + SPACING_TOLERANCE) < median ? steps[0] : median);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String fmt(double[] v) {
        return String.format(Locale.ROOT, "(%.3f, %.3f, %.3f)", v[0], v[1], v[2]);
    }
}
