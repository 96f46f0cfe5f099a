package io.thinslice.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.SetOfDicomFiles;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.network.MultipleInstanceTransferStatusHandler;
import com.pixelmed.network.StorageSOPClassSCU;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** C-STORE SCU: sends Part 10 files to one destination in one association. */
public final class StoreSender {

    /**
     * What one send achieved.
     *
     * @param sent    SOP Instance UIDs the destination acknowledged (success or warning)
     * @param failed  number of instances that were not stored
     * @param problem what went wrong, or null when all were stored
     */
    public record Result(Set<String> sent, int failed, String problem) {
        public boolean complete() {
            return problem == null;
        }
    }

    private final String callingAeTitle;

    public StoreSender(String callingAeTitle) {
        this.callingAeTitle = callingAeTitle;
    }

    /** Sends {@code files} (none of which may be in memory beyond the one being sent); never throws for a network failure. */
    public Result send(StoreDestination destination, List<Path> files) {
        StoreListener.PixelMedTuning.apply();
        Set<String> sent = ConcurrentHashMap.newKeySet();
        int[] failures = new int[1];
        MultipleInstanceTransferStatusHandler handler = new MultipleInstanceTransferStatusHandler() {
            @Override
            public void updateStatus(int remaining, int completed, int failed, int warning, String sopInstanceUid) {
                failures[0] = failed;
                if (sopInstanceUid != null && completed + warning > sent.size()) {
                    sent.add(sopInstanceUid);
                }
            }
        };
        try {
            SetOfDicomFiles set = setOf(files);
            StorageSOPClassSCU scu = new NoDelayStorageSCU(destination, callingAeTitle, set, handler);
            if (scu.encounteredTrappedExceptions()) {
                return new Result(sent, files.size() - sent.size(),
                        "association with " + destination + " failed (refused, rejected or aborted); " + sent.size() + " of " + files.size() + " stored");
            }
        } catch (RuntimeException e) {
            return new Result(sent, files.size() - sent.size(), "sending to " + destination + " failed: " + e.getMessage());
        }
        if (sent.size() < files.size() || failures[0] > 0) {
            return new Result(sent, files.size() - sent.size(),
                    destination + " stored " + sent.size() + " of " + files.size() + " instances (" + failures[0] + " failed)");
        }
        return new Result(sent, 0, null);
    }

    /**
     * The set PixelMed sends from, built from each file's meta information (PS3.10: SOP Class, SOP Instance and
     * transfer syntax UIDs, a few hundred bytes). PixelMed's own {@code new SetOfDicomFiles(names)} looks for the SOP
     * Class UID under a DICOMDIR tag, misses it in an ordinary file and parses the whole header up to Pixel Data
     * instead, on every attempt: 30-130 ms for a 93-instance derived series here, where the whole send takes ~0.2 s.
     * A file whose meta information cannot be read or lacks a UID is left to PixelMed's way, as before.
     */
    static SetOfDicomFiles setOf(List<Path> files) {
        SetOfDicomFiles set = new SetOfDicomFiles();
        for (Path f : files) {
            AttributeList meta = new AttributeList();
            try (DicomInputStream in = new DicomInputStream(new BufferedInputStream(Files.newInputStream(f)))) {
                meta.readOnlyMetaInformationHeader(in);
            } catch (IOException | DicomException | RuntimeException e) {
                set.add(f.toString());
                continue;
            }
            String sopClass = Attribute.getSingleStringValueOrNull(meta, TagFromName.MediaStorageSOPClassUID);
            String sopInstance = Attribute.getSingleStringValueOrNull(meta, TagFromName.MediaStorageSOPInstanceUID);
            String transferSyntax = Attribute.getSingleStringValueOrNull(meta, TagFromName.TransferSyntaxUID);
            if (sopClass == null || sopInstance == null || transferSyntax == null) {
                set.add(f.toString());
            } else {
                set.add(f.toString(), sopClass, sopInstance, transferSyntax);
            }
        }
        return set;
    }
}
