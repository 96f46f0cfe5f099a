package io.thinslice.dicom;

import com.pixelmed.dicom.SetOfDicomFiles;
import com.pixelmed.network.MultipleInstanceTransferStatusHandler;
import com.pixelmed.network.StorageSOPClassSCU;
import java.nio.file.Path;
import java.util.ArrayList;
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
        List<String> names = new ArrayList<>();
        files.forEach(f -> names.add(f.toString()));
        try {
            SetOfDicomFiles set = new SetOfDicomFiles(new ArrayList<>(names));
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
}
