package io.thinslice.dicom;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import io.thinslice.derive.DerivedInstanceWriter;
import io.thinslice.derive.DerivedSeriesPlan;
import io.thinslice.derive.DerivedSlice;
import io.thinslice.derive.ThinSliceIdentity;
import io.thinslice.derive.UncertaintySeries;
import io.thinslice.volume.SliceHeader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Writes derived CT instances (shared/docs/derived-series.md): the patient, study, frame-of-reference and
 * acquisition attributes are copied from the reference source slice; everything that describes the new
 * series and instance is replaced.
 */
public final class DerivedInstanceFileWriter implements DerivedInstanceWriter {

    static final String CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2";

    /** Attributes of the source that do not describe the derived instance. */
    private static final AttributeTag[] NOT_COPIED = {
        TagFromName.PixelData, TagFromName.SOPInstanceUID, TagFromName.SeriesInstanceUID, TagFromName.SeriesNumber,
        TagFromName.SeriesDescription, TagFromName.ImagePositionPatient, TagFromName.SliceLocation, TagFromName.InstanceNumber,
        TagFromName.SliceThickness, TagFromName.SpacingBetweenSlices, TagFromName.ImageType, TagFromName.DerivationDescription,
        TagFromName.DerivationCodeSequence, TagFromName.SourceImageSequence, TagFromName.ReferencedSeriesSequence,
        TagFromName.ContributingEquipmentSequence, TagFromName.SmallestImagePixelValue, TagFromName.LargestImagePixelValue,
        TagFromName.DataSetTrailingPadding, TagFromName.RescaleSlope, TagFromName.RescaleIntercept,
        TagFromName.ReferencedImageSequence, TagFromName.SeriesDate, TagFromName.SeriesTime,
    };

    /** (0018,A002) Contribution DateTime: not in PixelMed's TagFromName. */
    static final AttributeTag CONTRIBUTION_DATE_TIME = new AttributeTag(0x0018, 0xA002);

    private final String aeTitle;
    private final AttributeList template;
    private final SliceHeader reference;
    private final List<String> sourceEquipment;

    /**
     * @param reference the source slice whose attributes the derived instances inherit
     * @param aeTitle   Source Application Entity Title for the file meta information
     */
    public DerivedInstanceFileWriter(SliceHeader reference, String aeTitle) throws IOException {
        this.reference = reference;
        this.aeTitle = aeTitle;
        AttributeList list = new AttributeList();
        try {
            list.read(reference.path().toFile(), TagFromName.PixelData);
        } catch (DicomException e) {
            throw new IOException("cannot read " + reference.path(), e);
        }
        list.removeGroup(0x0002);
        list.removePrivateAttributes();
        this.sourceEquipment = List.of(
                nonNull(InstanceReader.string(list, TagFromName.Manufacturer)),
                nonNull(InstanceReader.string(list, TagFromName.ManufacturerModelName)),
                nonNull(InstanceReader.string(list, TagFromName.DeviceSerialNumber)),
                nonNull(InstanceReader.string(list, TagFromName.StationName)));
        for (AttributeTag tag : NOT_COPIED) {
            list.remove(tag);
        }
        try {
            VerbatimText.keepOriginalBytes(list);
        } catch (DicomException e) {
            throw new IOException("cannot copy the text attributes of " + reference.path(), e);
        }
        this.template = list;
    }

    @Override
    public void write(DerivedSeriesPlan plan, DerivedSlice slice, short[] stored, double slope, double intercept, Path file) throws IOException {
        try {
            save(build(plan, slice, stored, slope, intercept), file);
        } catch (DicomException e) {
            throw new IOException("cannot write derived instance " + slice.instanceNumber() + ": " + LogRedaction.describe(e), e);
        }
    }

    /**
     * An instance of the uncertainty series: built as a derived instance of its own plan, then its pixels described as
     * what they are (unsigned 16-bit disagreement in 0.1 HU steps, a window on 0..100 HU of spread; the source's
     * windows and VOI LUTs do not apply), and the derived instance at the same position referenced as the anatomy it
     * describes (Referenced Image Sequence, purpose 121338 "Anatomic image"), its series listed in the Common
     * Instance Reference module with the source series.
     */
    @Override
    public void writeUncertainty(UncertaintySeries series, DerivedSlice slice, short[] stored, Path file) throws IOException {
        try {
            AttributeList list = build(series.plan(), slice, stored, UncertaintySeries.SLOPE, 0);
            Attrs.putInt(list, TagFromName.BitsStored, 16);
            Attrs.putInt(list, TagFromName.HighBit, 15);
            Attrs.putInt(list, TagFromName.PixelRepresentation, 0);
            list.remove(TagFromName.VOILUTSequence);
            list.remove(TagFromName.WindowCenterWidthExplanation);
            Attrs.putDs(list, TagFromName.WindowCenter, UncertaintySeries.WINDOW_CENTER);
            Attrs.putDs(list, TagFromName.WindowWidth, UncertaintySeries.WINDOW_WIDTH);
            Attrs.put(list, TagFromName.RescaleType, "HU");
            DerivedSlice anatomy = series.derived().slices().get(slice.index());
            AttributeList item = new AttributeList();
            Attrs.put(item, TagFromName.ReferencedSOPClassUID, CT_IMAGE_STORAGE);
            Attrs.put(item, TagFromName.ReferencedSOPInstanceUID, anatomy.sopInstanceUid());
            item.put(Attrs.sequence(TagFromName.PurposeOfReferenceCodeSequence, Attrs.code("121338", "DCM", "Anatomic image")));
            list.put(Attrs.sequence(TagFromName.ReferencedImageSequence, item));
            SequenceAttribute referenced = (SequenceAttribute) list.get(TagFromName.ReferencedSeriesSequence);
            AttributeList derivedSeries = new AttributeList();
            Attrs.put(derivedSeries, TagFromName.SeriesInstanceUID, series.derived().seriesInstanceUid());
            SequenceAttribute instances = new SequenceAttribute(TagFromName.ReferencedInstanceSequence);
            AttributeList instance = new AttributeList();
            Attrs.put(instance, TagFromName.ReferencedSOPClassUID, CT_IMAGE_STORAGE);
            Attrs.put(instance, TagFromName.ReferencedSOPInstanceUID, anatomy.sopInstanceUid());
            instances.addItem(instance);
            derivedSeries.put(instances);
            referenced.addItem(derivedSeries);
            save(list, file);
        } catch (DicomException e) {
            throw new IOException("cannot write uncertainty instance " + slice.instanceNumber() + ": " + LogRedaction.describe(e), e);
        }
    }

    private void save(AttributeList list, Path file) throws DicomException, IOException {
        FileMetaInformation.addFileMetaInformation(list, TransferSyntax.ExplicitVRLittleEndian, aeTitle);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        list.write(tmp.toFile(), TransferSyntax.ExplicitVRLittleEndian, true, true);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private AttributeList build(DerivedSeriesPlan plan, DerivedSlice slice, short[] stored, double slope, double intercept) throws DicomException {
        AttributeList list = new AttributeList();
        list.putAll(template);
        Attrs.put(list, TagFromName.SOPClassUID, CT_IMAGE_STORAGE);
        Attrs.put(list, TagFromName.SOPInstanceUID, slice.sopInstanceUid());
        Attrs.put(list, TagFromName.SeriesInstanceUID, plan.seriesInstanceUid());
        Attrs.putInt(list, TagFromName.SeriesNumber, plan.seriesNumber());
        Attrs.put(list, TagFromName.SeriesDescription, plan.seriesDescription());
        Attrs.put(list, TagFromName.SeriesDate, Attrs.date(plan.created()));
        Attrs.put(list, TagFromName.SeriesTime, Attrs.time(plan.created()));
        Attrs.putInt(list, TagFromName.InstanceNumber, slice.instanceNumber());
        Attrs.put(list, TagFromName.ImageType, "DERIVED", "SECONDARY", "AXIAL");
        Attrs.put(list, TagFromName.DerivationDescription, plan.derivationDescription());
        list.put(Attrs.sequence(TagFromName.DerivationCodeSequence, Attrs.code("113085", "DCM", "Spatial resampling")));

        SequenceAttribute sources = new SequenceAttribute(TagFromName.SourceImageSequence);
        for (SliceHeader s : slice.sources()) {
            AttributeList item = reference(s);
            item.put(Attrs.sequence(TagFromName.PurposeOfReferenceCodeSequence,
                    Attrs.code("121322", "DCM", "Source image for image processing operation")));
            sources.addItem(item);
        }
        list.put(sources);
        list.put(referencedSeries(plan));

        Attrs.putDs(list, TagFromName.ImagePositionPatient, slice.position());
        Attrs.putDs(list, TagFromName.SliceLocation, slice.sliceLocation());
        Attrs.putDs(list, TagFromName.SliceThickness, plan.sliceSpacing());
        Attrs.putDs(list, TagFromName.SpacingBetweenSlices, plan.sliceSpacing());
        Attrs.put(list, TagFromName.ContentDate, Attrs.date(plan.created()));
        Attrs.put(list, TagFromName.ContentTime, Attrs.time(plan.created()));
        Attrs.put(list, TagFromName.InstanceCreationDate, Attrs.date(plan.created()));
        Attrs.put(list, TagFromName.InstanceCreationTime, Attrs.time(plan.created()));
        Attrs.put(list, TagFromName.BurnedInAnnotation, "NO");
        if (plan.lossy()) {
            Attrs.put(list, TagFromName.LossyImageCompression, "01");
        }
        Attrs.put(list, TagFromName.Manufacturer, ThinSliceIdentity.MANUFACTURER);
        Attrs.put(list, TagFromName.ManufacturerModelName, ThinSliceIdentity.MODEL_NAME);
        Attrs.put(list, TagFromName.SoftwareVersions, plan.softwareVersions().toArray(String[]::new));
        list.remove(TagFromName.DeviceSerialNumber);
        list.remove(TagFromName.StationName);
        list.put(contributingEquipment(plan));

        Attrs.putDs(list, TagFromName.RescaleIntercept, intercept);
        Attrs.putDs(list, TagFromName.RescaleSlope, slope);
        if (list.get(TagFromName.RescaleType) == null) {
            Attrs.put(list, TagFromName.RescaleType, "HU");
        }
        Attrs.putInt(list, TagFromName.Rows, reference.rows());
        Attrs.putInt(list, TagFromName.Columns, reference.columns());
        Attrs.putInt(list, TagFromName.SamplesPerPixel, 1);
        Attrs.put(list, TagFromName.PhotometricInterpretation, "MONOCHROME2");
        Attrs.putInt(list, TagFromName.BitsAllocated, 16);
        Attrs.putInt(list, TagFromName.BitsStored, reference.bitsStored());
        Attrs.putInt(list, TagFromName.HighBit, reference.bitsStored() - 1);
        Attrs.putInt(list, TagFromName.PixelRepresentation, reference.pixelRepresentation());
        Attrs.putPixels(list, stored);
        return list;
    }

    private static AttributeList reference(SliceHeader s) throws DicomException {
        AttributeList item = new AttributeList();
        Attrs.put(item, TagFromName.ReferencedSOPClassUID, s.sopClassUid());
        Attrs.put(item, TagFromName.ReferencedSOPInstanceUID, s.sopInstanceUid());
        return item;
    }

    /** Common Instance Reference module: the whole source series. */
    private static SequenceAttribute referencedSeries(DerivedSeriesPlan plan) throws DicomException {
        AttributeList series = new AttributeList();
        Attrs.put(series, TagFromName.SeriesInstanceUID, plan.reference().seriesInstanceUid());
        SequenceAttribute instances = new SequenceAttribute(TagFromName.ReferencedInstanceSequence);
        for (SliceHeader s : plan.source().slices()) {
            instances.addItem(reference(s));
        }
        series.put(instances);
        return Attrs.sequence(TagFromName.ReferencedSeriesSequence, series);
    }

    private SequenceAttribute contributingEquipment(DerivedSeriesPlan plan) throws DicomException {
        SequenceAttribute seq = new SequenceAttribute(TagFromName.ContributingEquipmentSequence);
        if (!sourceEquipment.get(0).isEmpty()) {
            AttributeList acquisition = new AttributeList();
            acquisition.put(Attrs.sequence(TagFromName.PurposeOfReferenceCodeSequence, Attrs.code("109101", "DCM", "Acquisition Equipment")));
            Attrs.put(acquisition, TagFromName.Manufacturer, sourceEquipment.get(0));
            if (!sourceEquipment.get(1).isEmpty()) {
                Attrs.put(acquisition, TagFromName.ManufacturerModelName, sourceEquipment.get(1));
            }
            if (!sourceEquipment.get(2).isEmpty()) {
                Attrs.put(acquisition, TagFromName.DeviceSerialNumber, sourceEquipment.get(2));
            }
            if (!sourceEquipment.get(3).isEmpty()) {
                Attrs.put(acquisition, TagFromName.StationName, sourceEquipment.get(3));
            }
            seq.addItem(acquisition);
        }
        AttributeList processing = new AttributeList();
        processing.put(Attrs.sequence(TagFromName.PurposeOfReferenceCodeSequence, Attrs.code("109102", "DCM", "Processing Equipment")));
        Attrs.put(processing, TagFromName.Manufacturer, ThinSliceIdentity.MANUFACTURER);
        Attrs.put(processing, TagFromName.ManufacturerModelName, ThinSliceIdentity.MODEL_NAME);
        Attrs.put(processing, TagFromName.SoftwareVersions, plan.softwareVersions().toArray(String[]::new));
        com.pixelmed.dicom.Attribute contributed = new com.pixelmed.dicom.DateTimeAttribute(CONTRIBUTION_DATE_TIME);
        contributed.addValue(Attrs.dateTime(plan.created()));
        processing.put(contributed);
        Attrs.put(processing, TagFromName.ContributionDescription, "Thin-slice synthesis: " + plan.derivationDescription());
        seq.addItem(processing);
        return seq;
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
