package io.thinslice.dicom;

import java.nio.file.Path;

/**
 * A Part 10 file that PixelMed has just written for an incoming C-STORE.
 *
 * @param path           where it lies in the incoming folder
 * @param transferSyntax the transfer syntax it arrived in
 * @param callingAeTitle the sender's AE title
 * @param association    the association's number in this run (as {@link AssociationObserver} names it)
 */
public record ReceivedFile(Path path, String transferSyntax, String callingAeTitle, int association) {
}
