package io.thinslice.series;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.thinslice.ingest.InstanceSpool;
import java.time.Clock;

/** The file store (the embedded default) against the job store contract. */
class FileJobEngineTest extends JobEngineContract {

    @Override
    JobEngine create(JobEngine.Settings settings, InstanceSpool spool) throws Exception {
        return new FileJobEngine(settings, spool, JSON, new SimpleMeterRegistry(), Clock.systemUTC());
    }
}
