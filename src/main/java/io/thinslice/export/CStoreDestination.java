package io.thinslice.export;

import io.thinslice.dicom.StoreDestination;
import io.thinslice.dicom.StoreSender;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A C-STORE SCP ({@code thinslice.export.destinations}, or {@code thinslice.export.tls.destinations} with a TLS sender),
 * sent to in one association per attempt.
 */
public record CStoreDestination(StoreSender sender, StoreDestination destination) implements SeriesDestination {

    @Override
    public String describe() {
        return sender.usesTls() ? destination + " (TLS)" : destination.toString();
    }

    @Override
    public Result send(Map<String, Path> instances) {
        StoreSender.Result r = sender.send(destination, List.copyOf(instances.values()));
        return new Result(r.sent(), r.problem(), r.permanent());
    }

    @Override
    public String toString() {
        return describe();
    }
}
