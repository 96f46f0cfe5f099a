package io.thinslice.it;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Variants of a phantom series written with PixelMed, for bad-input tests: each variant gets its own Series and SOP
 * Instance UIDs (name-based, so a rerun writes the same files), then a per-slice edit may break whatever it tests.
 */
final class Crafted {

    /** Changes slice {@code index} of a variant in place. */
    @FunctionalInterface
    interface Edit {
        void apply(AttributeList slice, int index) throws Exception;
    }

    private Crafted() {
    }

    static String uid(String name) {
        UUID u = UUID.nameUUIDFromBytes(("thinslice-badinput/" + name).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return "2.25." + new java.math.BigInteger(1, java.nio.ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                .putLong(u.getLeastSignificantBits()).array());
    }

    /** Copies of {@code template} under {@code dir/name} with fresh UIDs, each slice passed through {@code edit}. */
    static List<Path> series(List<Path> template, Path dir, String name, Edit edit) throws Exception {
        Path out = Files.createDirectories(dir.resolve(name));
        String series = uid(name + "/series");
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < template.size(); i++) {
            AttributeList l = Studies.read(template.get(i));
            put(l, TagFromName.SeriesInstanceUID, series);
            put(l, TagFromName.SOPInstanceUID, uid(name + "/" + i));
            edit.apply(l, i);
            files.add(write(l, out.resolve(String.format("slice-%04d.dcm", i + 1))));
        }
        return files;
    }

    static Path write(AttributeList l, Path file) throws Exception {
        l.removeGroupLengthAttributes();
        l.removeMetaInformationHeaderAttributes();
        FileMetaInformation.addFileMetaInformation(l, TransferSyntax.ExplicitVRLittleEndian, "BADINPUT");
        l.write(file.toFile(), TransferSyntax.ExplicitVRLittleEndian, true, true);
        return file;
    }

    static void put(AttributeList l, AttributeTag tag, String... values) throws Exception {
        Attribute a = l.get(tag);
        if (a == null) {
            a = AttributeList.getDictionary().getValueRepresentationFromTag(tag) == null ? null
                    : com.pixelmed.dicom.AttributeFactory.newAttribute(tag, AttributeList.getDictionary().getValueRepresentationFromTag(tag));
            l.put(a);
        }
        a.removeValues();
        for (String v : values) {
            a.addValue(v);
        }
    }

    static void putInt(AttributeList l, AttributeTag tag, int value) throws Exception {
        put(l, tag, Integer.toString(value));
    }

    static short[] pixels(AttributeList l) throws Exception {
        return l.getPixelData().getShortValues();
    }

    static void putPixels(AttributeList l, short[] values) throws Exception {
        OtherWordAttribute a = new OtherWordAttribute(TagFromName.PixelData);
        a.setValues(values);
        l.put(a);
    }

    static void putBytePixels(AttributeList l, byte[] values) throws Exception {
        OtherByteAttribute a = new OtherByteAttribute(TagFromName.PixelData);
        a.setValues(values);
        l.put(a);
    }

    /** Every {@code step}-th pixel of every {@code step}-th row: a smaller image of the same slice. */
    static void shrink(AttributeList l, int step) throws Exception {
        int rows = Attribute.getSingleIntegerValueOrDefault(l, TagFromName.Rows, 0);
        int columns = Attribute.getSingleIntegerValueOrDefault(l, TagFromName.Columns, 0);
        short[] p = pixels(l);
        short[] small = new short[(rows / step) * (columns / step)];
        for (int r = 0; r < rows / step; r++) {
            for (int c = 0; c < columns / step; c++) {
                small[r * (columns / step) + c] = p[r * step * columns + c * step];
            }
        }
        putInt(l, TagFromName.Rows, rows / step);
        putInt(l, TagFromName.Columns, columns / step);
        double[] spacing = l.get(TagFromName.PixelSpacing).getDoubleValues();
        put(l, TagFromName.PixelSpacing, Double.toString(spacing[0] * step), Double.toString(spacing[1] * step));
        putPixels(l, small);
    }
}
