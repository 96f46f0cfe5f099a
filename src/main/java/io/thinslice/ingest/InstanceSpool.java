package io.thinslice.ingest;

import io.thinslice.dicom.InstanceReader;
import io.thinslice.dicom.InstanceRefusedException;
import io.thinslice.series.ReceivedInstance;
import io.thinslice.series.SeriesFolders;
import io.thinslice.series.SpooledSeries;
import io.thinslice.volume.SliceHeader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The durable store of received instances: {@code <root>/series/<Series UID>/<SOP Instance UID>.dcm}.
 * An instance is fsynced and atomically renamed into place (and the folder fsynced) before the sender
 * gets its response, with concurrent instances sharing the folder fsyncs ({@link GroupCommit}); an instance received
 * twice, even on two associations at once, is kept once.
 */
public final class InstanceSpool implements SpooledSeries, AutoCloseable {

    private static final Pattern UID = Pattern.compile("[0-9]+(\\.[0-9]+)*");

    private final Path seriesRoot;
    private final Clock clock;
    /**
     * Spooling an instance and telling the engine about it (read side) never interleaves with the deletion of an
     * expired series (write side): an instance that arrives as its series expires is either deleted before it is
     * spooled (and then spooled into a fresh folder) or reopens the series; it is never deleted after its response.
     */
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    private final GroupCommit.Disk disk;
    private final GroupCommit commits;
    /** Series folders whose own name is known to be on disk. */
    private final java.util.Set<String> durableFolders = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Largest Rows and Columns kept ({@code thinslice.limits.max-image-size}). */
    private final int maxImageSize;

    public InstanceSpool(Path root, Clock clock) throws IOException {
        this(root, clock, Integer.MAX_VALUE);
    }

    public InstanceSpool(Path root, Clock clock, int maxImageSize) throws IOException {
        this(root, clock, GroupCommit.FILE_SYSTEM, maxImageSize);
    }

    InstanceSpool(Path root, Clock clock, GroupCommit.Disk disk) throws IOException {
        this(root, clock, disk, Integer.MAX_VALUE);
    }

    InstanceSpool(Path root, Clock clock, GroupCommit.Disk disk, int maxImageSize) throws IOException {
        if (maxImageSize < 1) {
            throw new IllegalArgumentException("thinslice.limits.max-image-size must be at least 1, was " + maxImageSize);
        }
        this.seriesRoot = Files.createDirectories(root.resolve("series"));
        this.clock = clock;
        this.disk = disk;
        this.commits = new GroupCommit(disk);
        this.maxImageSize = maxImageSize;
    }

    /**
     * Moves a freshly received file into the spool, then runs {@code then} on the result before any series can be
     * deleted. Throws if the file cannot be kept (the sender then sees a failure).
     */
    public ReceivedInstance store(Path received, String origin, Consumer<ReceivedInstance> then) throws IOException {
        lock.readLock().lock();
        try {
            ReceivedInstance r = spool(received, origin);
            then.accept(r);
            return r;
        } finally {
            lock.readLock().unlock();
        }
    }

    private ReceivedInstance spool(Path received, String origin) throws IOException {
        SliceHeader header = InstanceReader.readHeader(received);
        String series = requireUid(header.seriesInstanceUid(), "Series Instance UID");
        String sop = requireUid(header.sopInstanceUid(), "SOP Instance UID");
        if (header.rows() > maxImageSize || header.columns() > maxImageSize) {
            // Refused before it is kept: synthesis would need memory in proportion, for every slice of the series.
            throw new InstanceRefusedException("instance " + sop + " is " + header.rows() + " x " + header.columns()
                    + " pixels (Rows x Columns); thinslice.limits.max-image-size is " + maxImageSize);
        }
        Path dir = seriesRoot.resolve(series);
        if (durableFolders.contains(series) && !Files.isDirectory(dir)) {
            // Deleted since by another node sharing the storage (retention, an operator's delete): made again below.
            durableFolders.remove(series);
        }
        if (!durableFolders.contains(series)) {
            // Once per series (and after a restart): the folder's own name must be on disk before anything in it is
            // acknowledged.
            Files.createDirectories(dir);
            disk.forceDirectory(seriesRoot);
            durableFolders.add(series);
        }
        Path target = dir.resolve(sop + ".dcm");
        boolean placed = commits.place(received, target);
        return new ReceivedInstance(withPath(header, target), origin, !placed, clock.instant());
    }

    /** Series folders present in the spool (for recovery after a restart). */
    @Override
    public List<String> seriesUids() throws IOException {
        try (Stream<Path> s = Files.list(seriesRoot)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The spooled files of one series. */
    @Override
    public List<Path> files(String seriesUid) throws IOException {
        Path dir = seriesRoot.resolve(requireUid(seriesUid, "Series Instance UID"));
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".dcm")).sorted().toList();
        }
    }

    @Override
    public boolean deleteSeries(String seriesUid, BooleanSupplier decide) throws IOException {
        Path dir = seriesRoot.resolve(requireUid(seriesUid, "Series Instance UID"));
        lock.writeLock().lock();
        try {
            if (!decide.getAsBoolean()) {
                return false;
            }
            durableFolders.remove(seriesUid);
            SeriesFolders.delete(dir);
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    private static String requireUid(String uid, String what) throws IOException {
        if (uid == null || uid.length() > 64 || !UID.matcher(uid).matches()) {
            throw new InstanceRefusedException("instance has no valid " + what + " (at most 64 digits and dots): " + uid);
        }
        return uid;
    }

    private static SliceHeader withPath(SliceHeader h, Path p) {
        return new SliceHeader(p, h.sopClassUid(), h.sopInstanceUid(), h.studyInstanceUid(), h.seriesInstanceUid(),
                h.frameOfReferenceUid(), h.modality(), h.imagePosition(), h.imageOrientation(), h.pixelSpacing(), h.rows(),
                h.columns(), h.samplesPerPixel(), h.numberOfFrames(), h.bitsAllocated(), h.bitsStored(), h.pixelRepresentation(),
                h.rescaleSlope(), h.rescaleIntercept(), h.instanceNumber(), h.imageType(), h.lossyCompressed(),
                h.derivedByThinSlice(), h.seriesDescription(), h.seriesNumber(), h.sliceThickness(), h.protocolName(),
                h.convolutionKernel(), h.bodyPartExamined());
    }

    /** Stops the committer once the placements handed to it are on disk. */
    @Override
    public void close() {
        commits.close();
    }
}
