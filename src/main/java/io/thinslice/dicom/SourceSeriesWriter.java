package io.thinslice.dicom;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import io.thinslice.derive.DerivedUids;
import io.thinslice.volume.Geometry;
import io.thinslice.volume.Vectors;
import io.thinslice.volume.Volume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes a volume as a CT series (original axial unless the spec says otherwise) of Part 10 files, one per slice (test and demo studies). */
public final class SourceSeriesWriter {

    private SourceSeriesWriter() {
    }

    /** @return the files written, in slice order ({@code slice-NNNN.dcm}) */
    public static List<Path> write(Volume volume, SourceSeriesSpec spec, Path directory) throws IOException {
        Files.createDirectories(directory);
        List<Path> files = new ArrayList<>();
        for (int z = 0; z < volume.slices(); z++) {
            Path file = directory.resolve(String.format("slice-%04d.dcm", z + 1));
            try {
                AttributeList list = slice(volume, spec, z);
                FileMetaInformation.addFileMetaInformation(list, TransferSyntax.ExplicitVRLittleEndian, "THINSLICE");
                list.write(file.toFile(), TransferSyntax.ExplicitVRLittleEndian, true, true);
            } catch (DicomException e) {
                throw new IOException("cannot write " + file + ": " + LogRedaction.describe(e), e);
            }
            files.add(file);
        }
        return files;
    }

    private static AttributeList slice(Volume volume, SourceSeriesSpec spec, int z) throws DicomException {
        Geometry g = volume.geometry();
        boolean signed = spec.pixelRepresentation() == 1;
        int bitsStored = signed ? 16 : 12;
        double intercept = signed ? 0 : -1024;
        int min = signed ? Short.MIN_VALUE : 0;
        int max = signed ? Short.MAX_VALUE : 4095;
        AttributeList l = new AttributeList();
        Attrs.put(l, TagFromName.SpecificCharacterSet, "ISO_IR 100");
        Attrs.put(l, TagFromName.SOPClassUID, DerivedInstanceFileWriter.CT_IMAGE_STORAGE);
        Attrs.put(l, TagFromName.SOPInstanceUID, DerivedUids.fromName("instance/" + spec.seriesInstanceUid() + "/" + z));
        Attrs.put(l, TagFromName.StudyDate, Attrs.date(spec.acquired()));
        Attrs.put(l, TagFromName.StudyTime, Attrs.time(spec.acquired()));
        Attrs.put(l, TagFromName.SeriesDate, Attrs.date(spec.acquired()));
        Attrs.put(l, TagFromName.SeriesTime, Attrs.time(spec.acquired()));
        Attrs.put(l, TagFromName.AcquisitionDate, Attrs.date(spec.acquired()));
        Attrs.put(l, TagFromName.AcquisitionTime, Attrs.time(spec.acquired()));
        Attrs.put(l, TagFromName.ContentDate, Attrs.date(spec.acquired()));
        Attrs.put(l, TagFromName.ContentTime, Attrs.time(spec.acquired()));
        Attrs.put(l, TagFromName.AccessionNumber, "");
        Attrs.put(l, TagFromName.Modality, "CT");
        Attrs.put(l, TagFromName.Manufacturer, "ThinSlice test-studies");
        Attrs.put(l, TagFromName.ManufacturerModelName, "Synthetic CT");
        Attrs.put(l, TagFromName.ReferringPhysicianName, "");
        Attrs.put(l, TagFromName.StudyDescription, spec.studyDescription());
        Attrs.put(l, TagFromName.SeriesDescription, spec.seriesDescription());
        Attrs.put(l, TagFromName.PatientName, spec.patientName());
        Attrs.put(l, TagFromName.PatientID, spec.patientId());
        Attrs.put(l, TagFromName.PatientBirthDate, "");
        Attrs.put(l, TagFromName.PatientSex, "O");
        Attrs.put(l, TagFromName.BodyPartExamined, "HEAD");
        Attrs.putDs(l, TagFromName.SliceThickness, g.sliceSpacing());
        com.pixelmed.dicom.Attribute kvp = new com.pixelmed.dicom.DecimalStringAttribute(new com.pixelmed.dicom.AttributeTag(0x0018, 0x0060));
        kvp.addValue("120");
        l.put(kvp);
        Attrs.put(l, TagFromName.PatientPosition, "HFS");
        Attrs.put(l, TagFromName.StudyInstanceUID, spec.studyInstanceUid());
        Attrs.put(l, TagFromName.SeriesInstanceUID, spec.seriesInstanceUid());
        Attrs.put(l, TagFromName.StudyID, "1");
        Attrs.putInt(l, TagFromName.SeriesNumber, spec.seriesNumber());
        Attrs.putInt(l, TagFromName.AcquisitionNumber, 1);
        Attrs.putInt(l, TagFromName.InstanceNumber, z + 1);
        double[] position = g.positionOf(z);
        Attrs.putDs(l, TagFromName.ImagePositionPatient, position);
        double[] r = g.rowDirection();
        double[] c = g.columnDirection();
        Attrs.putDs(l, TagFromName.ImageOrientationPatient, r[0], r[1], r[2], c[0], c[1], c[2]);
        Attrs.put(l, TagFromName.FrameOfReferenceUID, spec.frameOfReferenceUid());
        Attrs.put(l, TagFromName.PositionReferenceIndicator, "");
        Attrs.putDs(l, TagFromName.SliceLocation, Vectors.dot(position, g.normal()));
        Attrs.put(l, TagFromName.ImageType, spec.imageType().toArray(String[]::new));
        if (spec.convolutionKernel() != null) {
            Attrs.put(l, TagFromName.ConvolutionKernel, spec.convolutionKernel());
        }
        if (spec.protocolName() != null) {
            Attrs.put(l, TagFromName.ProtocolName, spec.protocolName());
        }
        Attrs.putInt(l, TagFromName.SamplesPerPixel, 1);
        Attrs.put(l, TagFromName.PhotometricInterpretation, "MONOCHROME2");
        Attrs.putInt(l, TagFromName.Rows, volume.rows());
        Attrs.putInt(l, TagFromName.Columns, volume.columns());
        Attrs.putDs(l, TagFromName.PixelSpacing, g.rowSpacing(), g.columnSpacing());
        Attrs.putInt(l, TagFromName.BitsAllocated, 16);
        Attrs.putInt(l, TagFromName.BitsStored, bitsStored);
        Attrs.putInt(l, TagFromName.HighBit, bitsStored - 1);
        Attrs.putInt(l, TagFromName.PixelRepresentation, spec.pixelRepresentation());
        Attrs.putDs(l, TagFromName.WindowCenter, 40);
        Attrs.putDs(l, TagFromName.WindowWidth, 400);
        Attrs.putDs(l, TagFromName.RescaleIntercept, intercept);
        Attrs.putDs(l, TagFromName.RescaleSlope, 1);
        Attrs.put(l, TagFromName.RescaleType, "HU");
        Attrs.put(l, TagFromName.BurnedInAnnotation, "NO");
        int size = volume.sliceSize();
        short[] stored = new short[size];
        float[] v = volume.voxels();
        for (int i = 0; i < size; i++) {
            long s = Math.round(v[z * size + i] - intercept);
            stored[i] = (short) Math.max(min, Math.min(max, s));
        }
        Attrs.putPixels(l, stored);
        return l;
    }
}
