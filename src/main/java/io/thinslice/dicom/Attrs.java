package io.thinslice.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.CodedSequenceItem;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Small helpers to build attribute lists with the dictionary's VR. */
final class Attrs {

    static final DateTimeFormatter DA = DateTimeFormatter.ofPattern("yyyyMMdd");
    static final DateTimeFormatter TM = DateTimeFormatter.ofPattern("HHmmss.SSS");
    static final DateTimeFormatter DT = DateTimeFormatter.ofPattern("yyyyMMddHHmmss.SSS");

    private Attrs() {
    }

    static void put(AttributeList list, AttributeTag tag, String... values) throws DicomException {
        list.remove(tag);
        Attribute a = list.putNewAttribute(tag);
        for (String v : values) {
            a.addValue(v);
        }
    }

    static void putDs(AttributeList list, AttributeTag tag, double... values) throws DicomException {
        String[] s = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            s[i] = ds(values[i]);
        }
        put(list, tag, s);
    }

    static void putInt(AttributeList list, AttributeTag tag, int value) throws DicomException {
        put(list, tag, Integer.toString(value));
    }

    static void putPixels(AttributeList list, short[] stored) throws DicomException {
        list.remove(TagFromName.PixelData);
        OtherWordAttribute pd = new OtherWordAttribute(TagFromName.PixelData);
        pd.setValues(stored);
        list.put(pd);
    }

    static AttributeList code(String value, String scheme, String meaning) throws DicomException {
        return new CodedSequenceItem(value, scheme, meaning).getAttributeList();
    }

    static SequenceAttribute sequence(AttributeTag tag, AttributeList... items) {
        SequenceAttribute seq = new SequenceAttribute(tag);
        for (AttributeList item : items) {
            seq.addItem(item);
        }
        return seq;
    }

    static String date(LocalDateTime t) {
        return t.format(DA);
    }

    static String time(LocalDateTime t) {
        return t.format(TM);
    }

    static String dateTime(LocalDateTime t) {
        return t.format(DT);
    }

    /** A Decimal String of at most 16 characters (PS3.5 6.2), as precise as fits. */
    static String ds(double v) {
        if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
            return "0";
        }
        // DS holds at most 16 characters: keep as many significant digits as fit, in plain notation where
        // it fits and in exponent notation (allowed by PS3.5 6.2) for very large or very small magnitudes.
        for (int digits = 15; digits > 0; digits--) {
            BigDecimal rounded = new BigDecimal(v).round(new MathContext(digits)).stripTrailingZeros();
            String plain = rounded.toPlainString();
            if (plain.length() <= 16) {
                return plain;
            }
            String scientific = scientific(rounded);
            if (scientific.length() <= 16) {
                return scientific;
            }
        }
        throw new IllegalArgumentException("no 16-character Decimal String for " + v);
    }

    private static String scientific(BigDecimal value) {
        String mantissa = value.unscaledValue().abs().toString();
        int exponent = mantissa.length() - 1 - value.scale();
        StringBuilder s = new StringBuilder(value.signum() < 0 ? "-" : "").append(mantissa.charAt(0));
        if (mantissa.length() > 1) {
            s.append('.').append(mantissa, 1, mantissa.length());
        }
        return s.append('E').append(exponent).toString();
    }
}
