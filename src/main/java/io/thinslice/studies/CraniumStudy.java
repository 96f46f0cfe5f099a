package io.thinslice.studies;

import io.thinslice.volume.Geometry;
import io.thinslice.volume.Volume;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads the real CT volume of an InVesalius 3 project file (.inv3), such as the "Cranium" demo shipped by the
 * Debian package invesalius-examples (108 axial slices of 256×256, 0.957 mm pixels, 1.5 mm apart).
 *
 * <p>An .inv3 file is a gzip-compressed tar archive. Its {@code main.plist} (an Apple XML property list) says, under
 * key {@code matrix}, the volume's {@code filename} (normally {@code matrix.dat}), {@code dtype} ({@code int16}) and
 * {@code shape} (slices, rows, columns), and under key {@code spacing} the voxel size (x, y, z) in mm. The matrix
 * file holds little-endian int16 HU values in (z, y, x) order. Only the JDK is used: {@link GZIPInputStream}, a
 * minimal ustar/GNU tar reader and the JDK's XML parser (external DTDs are never fetched).
 *
 * <p>InVesalius stores each slice bottom-up (VTK order: the first stored row is the patient's back, where the head
 * rest lies); {@link #read} flips the rows so that row 0 is anterior and rows advance towards the back (+y), as in a
 * DICOM axial image. Slices advance from the neck towards the vertex (+z). The project keeps no patient position,
 * so the returned geometry is axial with slice 0 at (0, 0, 0) mm.
 */
public final class CraniumStudy {
    /** Where Debian's invesalius-examples package puts the Cranium demo project. */
    public static final Path DEFAULT_FILE = Path.of("/usr/share/doc/invesalius-examples/examples/Cranium.inv3");

    private static final String MAIN_PLIST = "main.plist";
    private static final String DEFAULT_MATRIX = "matrix.dat";
    private static final int BLOCK = 512;

    private CraniumStudy() {
    }

    /**
     * Reads the CT volume of an InVesalius .inv3 project.
     *
     * @param inv3 the project file
     * @return HU voxels in (z, y, x) order (rows top-down, anterior first) with an axial geometry whose spacings (mm)
     *         come from the project
     * @throws IOException if the file cannot be read or is not a well-formed .inv3 project (not gzip, broken or
     *                     truncated tar, missing or malformed main.plist, missing or wrongly sized matrix)
     */
    public static Volume read(Path inv3) throws IOException {
        byte[] matrixBytes = null;
        String matrixName = DEFAULT_MATRIX;
        Plist plist = null;
        try (InputStream in = openGzip(inv3)) {
            byte[] header = new byte[BLOCK];
            String longName = null;
            long position = 0;
            while (plist == null || matrixBytes == null) {
                int got = in.readNBytes(header, 0, BLOCK);
                if (got == 0) {
                    break; // end of archive without the end-of-archive blocks: tolerated
                }
                if (got < BLOCK) {
                    throw new IOException(inv3 + ": truncated tar header at byte " + position);
                }
                if (isZero(header)) {
                    break;
                }
                checkChecksum(inv3, header, position);
                String name = longName != null ? longName : entryName(header);
                longName = null;
                long size = entrySize(inv3, header, position);
                byte type = header[156];
                position += BLOCK;
                long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
                String base = name.substring(name.lastIndexOf('/') + 1);
                boolean regular = type == '0' || type == 0 || type == '7';
                if (type == 'L') { // GNU long name: the data is the next entry's name
                    longName = cString(readEntry(inv3, in, name, size), 0, (int) size);
                } else if (regular && base.equals(MAIN_PLIST) && plist == null) {
                    plist = Plist.parse(inv3, readEntry(inv3, in, name, size));
                    if (!plist.matrixFile().equals(matrixName)) {
                        matrixBytes = null; // read a default-named matrix before learning the real name
                        matrixName = plist.matrixFile();
                    }
                } else if (regular && base.equals(matrixName) && matrixBytes == null) {
                    matrixBytes = readEntry(inv3, in, name, size);
                } else {
                    skip(inv3, in, name, size);
                }
                skip(inv3, in, name, padded - size);
                position += padded;
            }
            // Read the rest too, so that a truncated or corrupt file fails (gzip checks length and CRC at its end).
            in.transferTo(OutputStream.nullOutputStream());
        } catch (EOFException e) {
            throw new IOException(inv3 + ": truncated file (unexpected end of the gzip stream)", e);
        } catch (ZipException e) {
            throw new IOException(inv3 + ": corrupt gzip data: " + e.getMessage(), e);
        }
        if (plist == null) {
            throw new IOException(inv3 + ": no " + MAIN_PLIST + " in the archive; not an InVesalius .inv3 project?");
        }
        if (matrixBytes == null) {
            throw new IOException(inv3 + ": no " + matrixName + " (the volume named by " + MAIN_PLIST + ") in the archive");
        }
        return toVolume(inv3, plist, matrixBytes);
    }

    private static Volume toVolume(Path inv3, Plist plist, byte[] matrix) throws IOException {
        int slices = plist.shape[0];
        int rows = plist.shape[1];
        int columns = plist.shape[2];
        long count = (long) slices * rows * columns;
        if (count * 2 != matrix.length) {
            throw new IOException(inv3 + ": " + plist.matrixFile() + " holds " + matrix.length + " bytes but shape "
                    + slices + "x" + rows + "x" + columns + " of int16 needs " + count * 2);
        }
        float[] voxels = new float[(int) count];
        ShortBuffer values = ByteBuffer.wrap(matrix).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
        // InVesalius keeps VTK's bottom-up row order (row 0 = posterior); flip to DICOM's top-down (row 0 anterior).
        for (int z = 0; z < slices; z++) {
            for (int r = 0; r < rows; r++) {
                int from = (z * rows + (rows - 1 - r)) * columns;
                int to = (z * rows + r) * columns;
                for (int c = 0; c < columns; c++) {
                    voxels[to + c] = values.get(from + c);
                }
            }
        }
        double sx = plist.spacing[0];
        double sy = plist.spacing[1];
        double sz = plist.spacing[2];
        Geometry geometry = new Geometry(new double[] {0, 0, 0}, new double[] {1, 0, 0}, new double[] {0, 1, 0},
                sy, sx, sz);
        return new Volume(voxels, slices, rows, columns, geometry);
    }

    private static InputStream openGzip(Path inv3) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(inv3), 1 << 16);
        try {
            return new GZIPInputStream(raw, 1 << 16);
        } catch (ZipException | EOFException e) {
            raw.close();
            throw new IOException(inv3 + ": not a gzip-compressed InVesalius .inv3 file (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            raw.close();
            throw e;
        }
    }

    // ---- minimal tar (ustar / GNU) reading ----

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static void checkChecksum(Path inv3, byte[] header, long position) throws IOException {
        long stored;
        try {
            stored = parseOctal(header, 148, 8);
        } catch (NumberFormatException e) {
            throw new IOException(inv3 + ": not a tar archive (bad header checksum field at byte " + position + ")");
        }
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            int b = i >= 148 && i < 156 ? ' ' : header[i];
            unsigned += b & 0xff;
            signed += b;
        }
        if (stored != unsigned && stored != signed) {
            throw new IOException(inv3 + ": not a tar archive or corrupt tar header at byte " + position
                    + " (checksum " + stored + ", computed " + unsigned + ")");
        }
    }

    private static String entryName(byte[] header) {
        String name = cString(header, 0, 100);
        boolean posix = header[257] == 'u' && header[258] == 's' && header[259] == 't' && header[260] == 'a'
                && header[261] == 'r' && header[262] == 0;
        if (posix && header[345] != 0) {
            name = cString(header, 345, 155) + "/" + name;
        }
        return name;
    }

    private static long entrySize(Path inv3, byte[] header, long position) throws IOException {
        if ((header[124] & 0x80) != 0) { // GNU base-256 encoding of large sizes
            long size = 0;
            for (int i = 125; i < 136; i++) {
                size = (size << 8) | (header[i] & 0xff);
            }
            if (size < 0 || (header[124] & 0x7f) != 0) {
                throw new IOException(inv3 + ": tar entry size out of range at byte " + position);
            }
            return size;
        }
        try {
            return parseOctal(header, 124, 12);
        } catch (NumberFormatException e) {
            throw new IOException(inv3 + ": corrupt tar header at byte " + position + " (bad size field)");
        }
    }

    private static long parseOctal(byte[] header, int from, int length) {
        long value = 0;
        int i = from;
        int end = from + length;
        while (i < end && (header[i] == ' ' || header[i] == 0)) {
            i++;
        }
        if (i == end) {
            throw new NumberFormatException("empty octal field");
        }
        for (; i < end && header[i] != 0 && header[i] != ' '; i++) {
            int digit = header[i] - '0';
            if (digit < 0 || digit > 7) {
                throw new NumberFormatException("not octal");
            }
            value = value * 8 + digit;
        }
        return value;
    }

    private static String cString(byte[] bytes, int from, int length) {
        int end = from;
        while (end < from + length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, from, end - from, StandardCharsets.UTF_8);
    }

    private static byte[] readEntry(Path inv3, InputStream in, String name, long size) throws IOException {
        if (size > Integer.MAX_VALUE - 8) {
            throw new IOException(inv3 + ": tar entry " + name + " is too large (" + size + " bytes)");
        }
        byte[] data = in.readNBytes((int) size);
        if (data.length != size) {
            throw new IOException(inv3 + ": truncated file: tar entry " + name + " has " + data.length + " of its "
                    + size + " bytes");
        }
        return data;
    }

    private static void skip(Path inv3, InputStream in, String name, long count) throws IOException {
        long left = count;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new IOException(inv3 + ": truncated file inside tar entry " + name);
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    // ---- Apple XML property list ----

    /** What this reader needs from main.plist. */
    private record Plist(String matrixFile, int[] shape, double[] spacing) {

        static Plist parse(Path inv3, byte[] xml) throws IOException {
            Map<?, ?> root;
            try {
                Element plist = parseXml(xml).getDocumentElement();
                if (!"plist".equals(plist.getTagName())) {
                    throw new IOException(inv3 + ": main.plist is not a property list (root <" + plist.getTagName() + ">)");
                }
                Element top = firstElement(plist);
                Object value = top == null ? null : toObject(top);
                if (!(value instanceof Map<?, ?> map)) {
                    throw new IOException(inv3 + ": main.plist does not hold a <dict>");
                }
                root = map;
            } catch (SAXException e) {
                throw new IOException(inv3 + ": main.plist is not well-formed XML: " + e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                throw new IOException(inv3 + ": malformed main.plist: " + e.getMessage(), e);
            }
            if (!(root.get("matrix") instanceof Map<?, ?> matrix)) {
                throw new IOException(inv3 + ": main.plist has no 'matrix' dict");
            }
            Object dtype = matrix.get("dtype");
            if (dtype != null && !"int16".equals(dtype)) {
                throw new IOException(inv3 + ": unsupported matrix dtype '" + dtype + "' (only int16 is read)");
            }
            String file = matrix.get("filename") instanceof String s && !s.isBlank() ? s : DEFAULT_MATRIX;
            file = file.substring(file.lastIndexOf('/') + 1);
            List<Number> shapeValues = numbers(inv3, matrix.get("shape"), "matrix/shape");
            List<Number> spacingValues = numbers(inv3, root.get("spacing"), "spacing");
            int[] shape = new int[3];
            for (int i = 0; i < 3; i++) {
                long v = shapeValues.get(i).longValue();
                if (!(shapeValues.get(i) instanceof Long) || v < 1 || v > Integer.MAX_VALUE) {
                    throw new IOException(inv3 + ": main.plist matrix/shape must be 3 positive integers, got " + shapeValues);
                }
                shape[i] = (int) v;
            }
            if ((long) shape[0] * shape[1] * shape[2] > Integer.MAX_VALUE - 8) {
                throw new IOException(inv3 + ": matrix shape " + shapeValues + " is too large");
            }
            double[] spacing = new double[3];
            for (int i = 0; i < 3; i++) {
                double v = spacingValues.get(i).doubleValue();
                if (!(v > 0) || !Double.isFinite(v)) {
                    throw new IOException(inv3 + ": main.plist spacing must be 3 positive numbers (mm), got " + spacingValues);
                }
                spacing[i] = v;
            }
            return new Plist(file, shape, spacing);
        }

        private static List<Number> numbers(Path inv3, Object value, String key) throws IOException {
            if (!(value instanceof List<?> list) || list.size() != 3) {
                throw new IOException(inv3 + ": main.plist '" + key + "' must be an array of 3 numbers, got " + value);
            }
            List<Number> out = new ArrayList<>();
            for (Object o : list) {
                if (!(o instanceof Number number)) {
                    throw new IOException(inv3 + ": main.plist '" + key + "' must be an array of 3 numbers, got " + value);
                }
                out.add(number);
            }
            return out;
        }

        private static org.w3c.dom.Document parseXml(byte[] xml) throws IOException, SAXException {
            try {
                DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
                factory.setNamespaceAware(false);
                factory.setValidating(false);
                factory.setExpandEntityReferences(false);
                factory.setXIncludeAware(false);
                factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
                factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
                factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
                factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
                factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
                factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
                DocumentBuilder builder = factory.newDocumentBuilder();
                // Never fetch the Apple DTD (or anything else) from the network.
                builder.setEntityResolver((publicId, systemId) -> new InputSource(new ByteArrayInputStream(new byte[0])));
                builder.setErrorHandler(new ErrorHandler() {
                    @Override
                    public void warning(SAXParseException e) {
                    }

                    @Override
                    public void error(SAXParseException e) throws SAXException {
                        throw e;
                    }

                    @Override
                    public void fatalError(SAXParseException e) throws SAXException {
                        throw e;
                    }
                });
                return builder.parse(new ByteArrayInputStream(xml));
            } catch (ParserConfigurationException e) {
                throw new IOException("no usable XML parser: " + e.getMessage(), e);
            }
        }

        private static Element firstElement(Node parent) {
            for (Node c = parent.getFirstChild(); c != null; c = c.getNextSibling()) {
                if (c instanceof Element e) {
                    return e;
                }
            }
            return null;
        }

        /** dict → Map, array → List, integer → Long, real → Double, true/false → Boolean, others → their text. */
        private static Object toObject(Element e) {
            switch (e.getTagName()) {
                case "dict": {
                    Map<String, Object> map = new LinkedHashMap<>();
                    String key = null;
                    for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
                        if (!(c instanceof Element child)) {
                            continue;
                        }
                        if ("key".equals(child.getTagName())) {
                            if (key != null) {
                                throw new IllegalArgumentException("key '" + key + "' has no value");
                            }
                            key = child.getTextContent();
                        } else {
                            if (key == null) {
                                throw new IllegalArgumentException("<" + child.getTagName() + "> in a dict without a <key>");
                            }
                            map.put(key, toObject(child));
                            key = null;
                        }
                    }
                    if (key != null) {
                        throw new IllegalArgumentException("key '" + key + "' has no value");
                    }
                    return map;
                }
                case "array": {
                    List<Object> list = new ArrayList<>();
                    for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
                        if (c instanceof Element child) {
                            list.add(toObject(child));
                        }
                    }
                    return list;
                }
                case "integer":
                    try {
                        return Long.parseLong(e.getTextContent().trim());
                    } catch (NumberFormatException x) {
                        throw new IllegalArgumentException("bad <integer> '" + e.getTextContent() + "'");
                    }
                case "real":
                    try {
                        return Double.parseDouble(e.getTextContent().trim());
                    } catch (NumberFormatException x) {
                        throw new IllegalArgumentException("bad <real> '" + e.getTextContent() + "'");
                    }
                case "true":
                    return Boolean.TRUE;
                case "false":
                    return Boolean.FALSE;
                default:
                    return e.getTextContent();
            }
        }
    }
}
