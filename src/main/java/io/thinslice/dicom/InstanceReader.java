package io.thinslice.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.SequenceItem;
import com.pixelmed.dicom.TagFromName;
import io.thinslice.derive.ThinSliceIdentity;
import io.thinslice.volume.PixelSource;
import io.thinslice.volume.SliceHeader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/** Reads Part 10 files into plain {@link SliceHeader}s and stored pixel values. */
public final class InstanceReader implements PixelSource {

    /** Reads the header of a Part 10 file (stops before Pixel Data). */
    public static SliceHeader readHeader(Path file) throws IOException {
        return header(readHeaderAttributes(file), file);
    }

    /** The attributes before Pixel Data, for callers in this package that need more than a {@link SliceHeader}. */
    static AttributeList readHeaderAttributes(Path file) throws IOException {
        AttributeList list = new AttributeList();
        try {
            list.read(file.toFile(), TagFromName.PixelData);
        } catch (DicomException | RuntimeException | java.io.EOFException e) {
            throw new InstanceRefusedException("not a readable DICOM file: " + file.getFileName() + ": " + LogRedaction.describe(e), e);
        }
        return list;
    }

    static SliceHeader header(AttributeList list, Path file) {
        String sopInstanceUid = string(list, TagFromName.SOPInstanceUID);
        if (sopInstanceUid == null) {
            sopInstanceUid = string(list, TagFromName.MediaStorageSOPInstanceUID);
        }
        String sopClassUid = string(list, TagFromName.SOPClassUID);
        if (sopClassUid == null) {
            sopClassUid = string(list, TagFromName.MediaStorageSOPClassUID);
        }
        String seriesNumber = string(list, TagFromName.SeriesNumber);
        Integer seriesNo = null;
        try {
            seriesNo = seriesNumber == null ? null : Integer.valueOf(seriesNumber.trim());
        } catch (NumberFormatException ignored) {
            // a malformed IS is treated as absent
        }
        return new SliceHeader(file, sopClassUid, sopInstanceUid,
                string(list, TagFromName.StudyInstanceUID), string(list, TagFromName.SeriesInstanceUID),
                string(list, TagFromName.FrameOfReferenceUID), string(list, TagFromName.Modality),
                doubles(list, TagFromName.ImagePositionPatient), doubles(list, TagFromName.ImageOrientationPatient),
                doubles(list, TagFromName.PixelSpacing),
                integer(list, TagFromName.Rows, 0), integer(list, TagFromName.Columns, 0),
                integer(list, TagFromName.SamplesPerPixel, 1), integer(list, TagFromName.NumberOfFrames, 1),
                integer(list, TagFromName.BitsAllocated, 0), integer(list, TagFromName.BitsStored, 0),
                integer(list, TagFromName.PixelRepresentation, 0),
                Attribute.getSingleDoubleValueOrDefault(list, TagFromName.RescaleSlope, 1.0),
                Attribute.getSingleDoubleValueOrDefault(list, TagFromName.RescaleIntercept, 0.0),
                integer(list, TagFromName.InstanceNumber, 0),
                Arrays.asList(Attribute.getStringValues(list, TagFromName.ImageType)),
                "01".equals(string(list, TagFromName.LossyImageCompression)),
                derivedByThinSlice(list),
                Attribute.getSingleStringValueOrEmptyString(list, TagFromName.SeriesDescription), seriesNo,
                positive(Attribute.getSingleDoubleValueOrDefault(list, TagFromName.SliceThickness, Double.NaN)),
                string(list, TagFromName.ProtocolName), joined(list, TagFromName.ConvolutionKernel),
                string(list, TagFromName.BodyPartExamined));
    }

    /** Every value, trimmed, joined by a backslash (as the attribute is written), or null when there is none. */
    private static String joined(AttributeList list, AttributeTag tag) {
        List<String> values = strings(list, tag).stream().map(String::trim).filter(v -> !v.isEmpty()).toList();
        return values.isEmpty() ? null : String.join("\\", values);
    }

    /** A positive, finite value, or null (absent or nonsense). */
    private static Double positive(double v) {
        return v > 0 && Double.isFinite(v) ? v : null;
    }

    /** Our own output: DERIVED, and ThinSlice named as the equipment that made it. */
    static boolean derivedByThinSlice(AttributeList list) {
        String[] imageType = Attribute.getStringValues(list, TagFromName.ImageType);
        if (imageType == null || imageType.length == 0 || !"DERIVED".equals(imageType[0])) {
            return false;
        }
        if (ThinSliceIdentity.MANUFACTURER.equals(string(list, TagFromName.Manufacturer))) {
            return true;
        }
        Attribute a = list.get(TagFromName.ContributingEquipmentSequence);
        if (a instanceof SequenceAttribute seq) {
            for (Iterator<SequenceItem> it = seq.iterator(); it.hasNext(); ) {
                if (ThinSliceIdentity.MANUFACTURER.equals(string(it.next().getAttributeList(), TagFromName.Manufacturer))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Stored values of a single-frame 16-bit image, decompressed when it arrived compressed. */
    @Override
    public short[] storedValues(SliceHeader slice) throws IOException {
        return readStoredValues(slice.path());
    }

    public static short[] readStoredValues(Path file) throws IOException {
        AttributeList list = new AttributeList();
        try {
            list.read(file.toFile());
            Attribute pixelData = list.getPixelData();
            if (pixelData == null) {
                // PixelMed also drops a Pixel Data value that ends before its declared length or whose encapsulation
                // cannot be parsed, so absence alone does not tell which.
                throw new IOException(file.getFileName() + " has no readable Pixel Data (absent, cut short or malformed)");
            }
            short[] values = pixelData.getShortValues();
            if (values == null) {
                throw new IOException(file.getFileName() + ": Pixel Data could not be read as 16-bit values");
            }
            return values;
        } catch (DicomException | RuntimeException e) {
            throw new IOException("cannot read pixels of " + file.getFileName() + ": " + LogRedaction.describe(e), e);
        }
    }

    static String string(AttributeList list, AttributeTag tag) {
        String s = Attribute.getSingleStringValueOrNull(list, tag);
        return s == null || s.isBlank() ? null : s.trim();
    }

    static int integer(AttributeList list, AttributeTag tag, int fallback) {
        return Attribute.getSingleIntegerValueOrDefault(list, tag, fallback);
    }

    static double[] doubles(AttributeList list, AttributeTag tag) {
        Attribute a = list.get(tag);
        if (a == null || a.getVM() == 0) {
            return null;
        }
        try {
            return a.getDoubleValues();
        } catch (DicomException | RuntimeException e) {
            return null;
        }
    }

    static List<String> strings(AttributeList list, AttributeTag tag) {
        String[] v = Attribute.getStringValues(list, tag);
        return v == null ? List.of() : List.of(v);
    }
}
