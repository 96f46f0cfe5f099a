package io.thinslice.dicom;

import com.pixelmed.dicom.StoredFilePathStrategy;
import java.io.File;
import java.util.UUID;

/**
 * Where PixelMed writes a received object before the node reads it: a fresh name in the incoming folder, never one
 * made from the Affected SOP Instance UID of the C-STORE-RQ. PixelMed's own strategies use that UID, as the sender
 * wrote it, as a path under the folder, so a UID such as {@code ../x} would write outside it, and a name it cannot
 * use sends the object into an {@code ALTERNATIVE} subfolder that nothing cleans up. The spool names the stored
 * file from the data set's own UIDs after checking them.
 */
final class IncomingFileNames extends StoredFilePathStrategy {

    @Override
    public String makeStoredFilePath(String sopInstanceUid) {
        return "c-store-" + UUID.randomUUID() + ".part";
    }

    @Override
    public File makeStoredFilePath(File folder, String sopInstanceUid) {
        return new File(folder, makeStoredFilePath(sopInstanceUid));
    }

    @Override
    public File makeReliableStoredFilePathWithFoldersCreated(File folder, String sopInstanceUid) {
        return makeStoredFilePath(folder, sopInstanceUid);
    }

    @Override
    public File makeReliableStoredFilePathWithFoldersCreated(File folder, String subfolder, String sopInstanceUid) {
        return makeStoredFilePath(folder, sopInstanceUid);
    }
}
