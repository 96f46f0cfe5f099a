package io.thinslice.volume;

import java.nio.file.Path;
import java.util.List;

/**
 * What the pipeline needs to know of one received CT instance, read once from its header.
 *
 * @param path               where the instance lies in the spool
 * @param sopClassUid        SOP Class UID
 * @param sopInstanceUid     SOP Instance UID
 * @param studyInstanceUid   Study Instance UID
 * @param seriesInstanceUid  Series Instance UID
 * @param frameOfReferenceUid Frame of Reference UID, or null
 * @param modality           Modality, e.g. CT
 * @param imagePosition      Image Position (Patient), LPS mm, or null when absent
 * @param imageOrientation   Image Orientation (Patient), six direction cosines, or null when absent
 * @param pixelSpacing       Pixel Spacing (row spacing, column spacing) in mm, or null when absent
 * @param rows               Rows
 * @param columns            Columns
 * @param samplesPerPixel    Samples per Pixel
 * @param numberOfFrames     Number of Frames (1 when absent)
 * @param bitsAllocated      Bits Allocated
 * @param bitsStored         Bits Stored
 * @param pixelRepresentation 0 unsigned, 1 two's complement
 * @param rescaleSlope       Rescale Slope (1 when absent)
 * @param rescaleIntercept   Rescale Intercept (0 when absent)
 * @param instanceNumber     Instance Number (never used for ordering)
 * @param imageType          Image Type values
 * @param lossyCompressed    Lossy Image Compression is 01
 * @param derivedByThinSlice the instance is one that ThinSlice itself derived
 * @param seriesDescription  Series Description, or empty
 * @param seriesNumber       Series Number, or null
 * @param sliceThickness     Slice Thickness in mm, or null when absent or not positive
 * @param protocolName       Protocol Name, or null when absent (series selection)
 * @param convolutionKernel  Convolution Kernel, its values joined by a backslash, or null when absent (series selection)
 * @param bodyPartExamined   Body Part Examined, or null when absent (series selection)
 */
public record SliceHeader(Path path, String sopClassUid, String sopInstanceUid, String studyInstanceUid,
                          String seriesInstanceUid, String frameOfReferenceUid, String modality,
                          double[] imagePosition, double[] imageOrientation, double[] pixelSpacing,
                          int rows, int columns, int samplesPerPixel, int numberOfFrames,
                          int bitsAllocated, int bitsStored, int pixelRepresentation,
                          double rescaleSlope, double rescaleIntercept, int instanceNumber,
                          List<String> imageType, boolean lossyCompressed, boolean derivedByThinSlice,
                          String seriesDescription, Integer seriesNumber, Double sliceThickness,
                          String protocolName, String convolutionKernel, String bodyPartExamined) {

    /** Without the attributes only series selection reads (tests and synthetic series). */
    public SliceHeader(Path path, String sopClassUid, String sopInstanceUid, String studyInstanceUid,
                       String seriesInstanceUid, String frameOfReferenceUid, String modality,
                       double[] imagePosition, double[] imageOrientation, double[] pixelSpacing,
                       int rows, int columns, int samplesPerPixel, int numberOfFrames,
                       int bitsAllocated, int bitsStored, int pixelRepresentation,
                       double rescaleSlope, double rescaleIntercept, int instanceNumber,
                       List<String> imageType, boolean lossyCompressed, boolean derivedByThinSlice,
                       String seriesDescription, Integer seriesNumber, Double sliceThickness) {
        this(path, sopClassUid, sopInstanceUid, studyInstanceUid, seriesInstanceUid, frameOfReferenceUid, modality, imagePosition,
                imageOrientation, pixelSpacing, rows, columns, samplesPerPixel, numberOfFrames, bitsAllocated, bitsStored,
                pixelRepresentation, rescaleSlope, rescaleIntercept, instanceNumber, imageType, lossyCompressed, derivedByThinSlice,
                seriesDescription, seriesNumber, sliceThickness, null, null, null);
    }

    /** Hounsfield units of a stored pixel value, honouring Pixel Representation and Bits Stored. */
    public double toHu(short stored) {
        return storedToInt(stored) * rescaleSlope + rescaleIntercept;
    }

    /** The stored value as an int: sign-extended or masked to Bits Stored. */
    public int storedToInt(short stored) {
        int bits = bitsStored > 0 && bitsStored <= 16 ? bitsStored : 16;
        int v = stored & 0xffff;
        if (pixelRepresentation == 1) {
            int shift = 32 - bits;
            return (v << shift) >> shift;
        }
        return v & ((1 << bits) - 1);
    }

    /** Image Type value 3 is LOCALIZER: a scout projection, never a slice of the volume. */
    public boolean isLocalizer() {
        return imageType != null && imageType.size() > 2 && "LOCALIZER".equals(imageType.get(2));
    }

    /** Smallest and largest stored value that Bits Stored and Pixel Representation allow. */
    public int minStored() {
        return pixelRepresentation == 1 ? -(1 << (bitsStored - 1)) : 0;
    }

    public int maxStored() {
        return pixelRepresentation == 1 ? (1 << (bitsStored - 1)) - 1 : (1 << bitsStored) - 1;
    }
}
