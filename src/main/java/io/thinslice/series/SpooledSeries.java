package io.thinslice.series;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Read access to the spool of received instances, grouped by Series Instance UID. */
public interface SpooledSeries {
    List<String> seriesUids() throws IOException;

    List<Path> files(String seriesUid) throws IOException;

    /**
     * Deletes the spooled files of a series if {@code decide} (run while no instance can be spooled) says so.
     *
     * @return whether {@code decide} said so
     */
    boolean deleteSeries(String seriesUid, java.util.function.BooleanSupplier decide) throws IOException;
}
