package io.thinslice.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomOutputStream;
import com.pixelmed.dicom.StringAttribute;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A copied text attribute written with exactly the bytes it was read with. PixelMed decodes text through the Specific
 * Character Set and encodes it again on writing, and it cannot encode every set it decodes: a patient name in
 * ISO 2022 IR 87 (JIS X 0208) came out of a derived instance as {@code Yamada^Tarou=??^??=???^???}. The copy keeps
 * the source's Specific Character Set, so its bytes mean the same in the derived instance.
 */
final class VerbatimText extends Attribute {

    /** Value representations whose bytes depend on the Specific Character Set (PS3.5 6.1.2.3). */
    private static final Set<String> CHARACTER_SET_DEPENDENT = Set.of("PN", "LO", "SH", "ST", "LT", "UT", "UC");

    private final byte[] vr;
    private final byte[] value;

    private VerbatimText(AttributeTag tag, byte[] vr, byte[] bytes) {
        super(tag);
        this.vr = vr.clone();
        // Text values are padded to even length with a space (PS3.5 6.2).
        this.value = bytes.length % 2 == 0 ? bytes.clone() : pad(bytes);
        this.valueLength = value.length;
        this.valueMultiplicity = 1;
    }

    private static byte[] pad(byte[] bytes) {
        byte[] padded = Arrays.copyOf(bytes, bytes.length + 1);
        padded[bytes.length] = ' ';
        return padded;
    }

    /**
     * Replaces, in {@code list} (top level), every character-set-dependent text attribute whose bytes are not plain
     * ASCII by a verbatim copy of those bytes. ESC counts as not plain: ISO 2022 sets are 7-bit.
     */
    static void keepOriginalBytes(AttributeList list) throws DicomException {
        for (Map.Entry<AttributeTag, Attribute> e : List.copyOf(list.entrySet())) {
            if (e.getValue() instanceof StringAttribute text && CHARACTER_SET_DEPENDENT.contains(text.getVRAsString())) {
                byte[] bytes = text.getByteValues();
                if (bytes != null && needsVerbatim(bytes)) {
                    list.put(new VerbatimText(e.getKey(), text.getVR(), bytes));
                }
            }
        }
    }

    private static boolean needsVerbatim(byte[] bytes) {
        for (byte b : bytes) {
            if ((b & 0x80) != 0 || b == 0x1B) {
                return true;
            }
        }
        return false;
    }

    @Override
    public byte[] getVR() {
        return vr.clone();
    }

    @Override
    public long getPaddedVL() {
        return value.length;
    }

    @Override
    public void write(DicomOutputStream o) throws DicomException, IOException {
        writeBase(o);
        o.write(value);
    }

    @Override
    public void removeValues() {
        throw new UnsupportedOperationException("a verbatim copy of " + getTag() + " is not edited");
    }
}
