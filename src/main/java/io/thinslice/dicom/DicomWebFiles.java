package io.thinslice.dicom;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * What the DICOMweb services need from Part 10 files, without PixelMed types leaking out: a quick check of an
 * uploaded part, DICOM JSON of a file, transcoding to explicit VR little endian, raw frames and a windowed
 * 8-bit rendering.
 */
public final class DicomWebFiles {

    public static final String EXPLICIT_VR_LITTLE_ENDIAN = TransferSyntax.ExplicitVRLittleEndian;

    /** The identifying attributes of an uploaded Part 10 file. */
    public record Identity(String sopClassUid, String sopInstanceUid, String studyInstanceUid, String seriesInstanceUid,
                           String transferSyntaxUid) {
    }

    private DicomWebFiles() {
    }

    /** Whether the file has the Part 10 preamble and "DICM" prefix (PS3.10 7.1). */
    public static boolean isPart10(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(132);
            return head.length == 132 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M';
        }
    }

    /** Reads the identifying attributes (stops before Pixel Data); throws when the file cannot be parsed. */
    public static Identity identify(Path file) throws IOException {
        AttributeList list = readList(file, true);
        return new Identity(InstanceReader.string(list, TagFromName.SOPClassUID), InstanceReader.string(list, TagFromName.SOPInstanceUID),
                InstanceReader.string(list, TagFromName.StudyInstanceUID), InstanceReader.string(list, TagFromName.SeriesInstanceUID),
                InstanceReader.string(list, TagFromName.TransferSyntaxUID));
    }

    /** The attributes of the file before Pixel Data, without sequences or binary values, as DICOM JSON (for a query index). */
    public static ObjectNode queryAttributes(Path file) throws IOException {
        return DicomJsonWriter.toJson(readList(file, true), DicomJsonWriter.Options.queryAttributes());
    }

    /** The whole dataset as DICOM JSON; binary values become BulkDataURIs given by {@code bulkDataUri} (tag hex → URI). */
    public static ObjectNode metadata(Path file, Function<String, String> bulkDataUri) throws IOException {
        return DicomJsonWriter.toJson(readList(file, false), DicomJsonWriter.Options.full(bulkDataUri));
    }

    /** Transfer syntax of a stored file, from its meta information. */
    public static String transferSyntax(Path file) throws IOException {
        return InstanceReader.string(readList(file, true), TagFromName.TransferSyntaxUID);
    }

    /** Writes the file as Part 10 in explicit VR little endian (decompressing when needed). */
    public static void writeExplicitLittleEndian(Path file, OutputStream out) throws IOException {
        AttributeList list = readList(file, false);
        try {
            String sourceAe = Attribute.getSingleStringValueOrNull(list, TagFromName.SourceApplicationEntityTitle);
            list.removeGroupLengthAttributes();
            list.removeMetaInformationHeaderAttributes();
            FileMetaInformation.addFileMetaInformation(list, EXPLICIT_VR_LITTLE_ENDIAN, sourceAe == null ? "THINSLICE" : sourceAe.trim());
            list.write(out, EXPLICIT_VR_LITTLE_ENDIAN, true, true);
        } catch (DicomException e) {
            throw new IOException("cannot transcode " + file.getFileName() + ": " + LogRedaction.describe(e), e);
        }
    }

    /** Number of frames of an image (1 when absent); 0 when there is no Pixel Data. */
    public static int frameCount(Path file) throws IOException {
        AttributeList list = readList(file, true);
        if (Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Rows, 0) == 0) {
            return 0;
        }
        return Math.max(1, Attribute.getSingleIntegerValueOrDefault(list, TagFromName.NumberOfFrames, 1));
    }

    /** Native (uncompressed, little endian) bytes of one frame, 1-based. */
    public static byte[] frame(Path file, int frameNumber) throws IOException {
        AttributeList list = readList(file, false);
        byte[] all = pixelBytes(list, file);
        int frames = Math.max(1, Attribute.getSingleIntegerValueOrDefault(list, TagFromName.NumberOfFrames, 1));
        if (frameNumber < 1 || frameNumber > frames) {
            throw new IllegalArgumentException("frame " + frameNumber + " of " + frames);
        }
        int size = all.length / frames;
        byte[] out = new byte[size];
        System.arraycopy(all, (frameNumber - 1) * size, out, 0, size);
        return out;
    }

    /** The value of a top-level binary attribute (Pixel Data decompressed), little endian; null when absent. */
    public static byte[] bulkData(Path file, String tagHex) throws IOException {
        AttributeList list = readList(file, false);
        AttributeTag tag = new AttributeTag(Integer.parseInt(tagHex.substring(0, 4), 16), Integer.parseInt(tagHex.substring(4), 16));
        if (tag.equals(TagFromName.PixelData)) {
            return list.get(tag) == null ? null : pixelBytes(list, file);
        }
        Attribute a = list.get(tag);
        try {
            return a == null ? null : a.getByteValues(false);
        } catch (DicomException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /**
     * One frame of a single-sample image as 8-bit grey: stored values through Rescale Slope/Intercept, then the window
     * given (or the instance's first Window Center/Width, or the value range), MONOCHROME1 inverted.
     */
    public static BufferedImage render(Path file, int frameNumber, Double center, Double width) throws IOException {
        AttributeList list = readList(file, false);
        int rows = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Rows, 0);
        int cols = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Columns, 0);
        int bits = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.BitsAllocated, 16);
        int samples = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.SamplesPerPixel, 1);
        boolean signed = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.PixelRepresentation, 0) == 1;
        if (rows == 0 || cols == 0 || samples != 1) {
            throw new IllegalArgumentException("only single-sample images can be rendered");
        }
        double slope = Attribute.getSingleDoubleValueOrDefault(list, TagFromName.RescaleSlope, 1.0);
        double intercept = Attribute.getSingleDoubleValueOrDefault(list, TagFromName.RescaleIntercept, 0.0);
        byte[] raw = frame(file, frameNumber);
        int n = rows * cols;
        double[] values = new double[n];
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            int stored;
            if (bits == 16) {
                int v = (raw[2 * i] & 0xff) | (raw[2 * i + 1] & 0xff) << 8;
                stored = signed ? (short) v : v;
            } else {
                stored = signed ? raw[i] : raw[i] & 0xff;
            }
            values[i] = stored * slope + intercept;
            min = Math.min(min, values[i]);
            max = Math.max(max, values[i]);
        }
        if (center == null || width == null) {
            double[] c = InstanceReader.doubles(list, TagFromName.WindowCenter);
            double[] w = InstanceReader.doubles(list, TagFromName.WindowWidth);
            if (c != null && w != null && c.length > 0 && w.length > 0 && w[0] >= 1) {
                center = c[0];
                width = w[0];
            } else {
                center = (max + min) / 2;
                width = Math.max(1, max - min);
            }
        }
        boolean invert = "MONOCHROME1".equals(InstanceReader.string(list, TagFromName.PhotometricInterpretation));
        BufferedImage image = new BufferedImage(cols, rows, BufferedImage.TYPE_BYTE_GRAY);
        byte[] grey = new byte[n];
        for (int i = 0; i < n; i++) {
            // PS3.3 C.11.2.1.2.1 linear window
            double x = values[i];
            double y;
            if (x <= center - 0.5 - (width - 1) / 2) {
                y = 0;
            } else if (x > center - 0.5 + (width - 1) / 2) {
                y = 255;
            } else {
                y = ((x - (center - 0.5)) / (width - 1) + 0.5) * 255;
            }
            int g = (int) Math.round(Math.max(0, Math.min(255, y)));
            grey[i] = (byte) (invert ? 255 - g : g);
        }
        image.getRaster().setDataElements(0, 0, cols, rows, grey);
        return image;
    }

    /** The tag (8 hex digits) of an attribute keyword such as PatientName, or null when the dictionary has none. */
    public static String tagOfKeyword(String keyword) {
        AttributeTag t = AttributeList.getDictionary().getTagFromName(keyword);
        return t == null ? null : DicomJsonWriter.key(t);
    }

    /** The VR of a tag from the dictionary, or null. */
    public static String vrOf(String tagHex) {
        try {
            byte[] vr = AttributeList.getDictionary().getValueRepresentationFromTag(
                    new AttributeTag(Integer.parseInt(tagHex.substring(0, 4), 16), Integer.parseInt(tagHex.substring(4), 16)));
            return vr == null ? null : new String(vr, java.nio.charset.StandardCharsets.US_ASCII);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static byte[] pixelBytes(AttributeList list, Path file) throws IOException {
        Attribute pixels = list.getPixelData();
        if (pixels == null) {
            throw new IllegalArgumentException(file.getFileName() + " has no Pixel Data");
        }
        try {
            int bits = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.BitsAllocated, 16);
            if (bits == 16) {
                short[] s = pixels.getShortValues();
                byte[] b = new byte[s.length * 2];
                for (int i = 0; i < s.length; i++) {
                    b[2 * i] = (byte) s[i];
                    b[2 * i + 1] = (byte) (s[i] >> 8);
                }
                return b;
            }
            return pixels.getByteValues(false);
        } catch (DicomException e) {
            throw new IOException("cannot read pixels of " + file.getFileName() + ": " + LogRedaction.describe(e), e);
        }
    }

    private static AttributeList readList(Path file, boolean stopBeforePixels) throws IOException {
        AttributeList list = new AttributeList();
        try {
            if (stopBeforePixels) {
                list.read(file.toFile(), TagFromName.PixelData);
            } else {
                list.read(file.toFile());
            }
        } catch (DicomException | RuntimeException e) {
            throw new IOException("not a readable DICOM file: " + file.getFileName() + ": " + LogRedaction.describe(e), e);
        }
        return list;
    }
}
