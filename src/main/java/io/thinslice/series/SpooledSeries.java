package io.thinslice.series;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Read access to the spool of received instances, grouped by Series Instance UID. */
public interface SpooledSeries {
    List<String> seriesUids() throws IOException;

    List<Path> files(String seriesUid) throws IOException;
}
