package io.thinslice.series;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import java.util.stream.Stream;

/** Job records on disk, one JSON file per job, replaced atomically. */
final class JobStore {

    private static final Logger LOG = Logger.getLogger(JobStore.class.getName());

    private final Path dir;
    private final ObjectMapper json;

    JobStore(Path dir, ObjectMapper json) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.json = json.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    void save(Job job) {
        try {
            Path tmp = dir.resolve(job.id + ".json.tmp");
            json.writeValue(tmp.toFile(), job);
            Files.move(tmp, dir.resolve(job.id + ".json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // The spool is the source of truth; a lost job record is rebuilt from it at the next start.
            LOG.warning("could not save job " + job.id + ": " + e);
        }
    }

    /** Removes a job's record; a stop just before this leaves the record as an expired job (its files already deleted). */
    void delete(String id) {
        try {
            Files.deleteIfExists(dir.resolve(id + ".json"));
        } catch (IOException e) {
            LOG.warning("could not delete the record of job " + id + ": " + e);
        }
    }

    List<Job> loadAll() throws IOException {
        List<Job> jobs = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
                try {
                    jobs.add(json.readValue(f.toFile(), Job.class));
                } catch (IOException e) {
                    // Jackson's message quotes the text around the fault: only where it is goes to the log.
                    String where = e instanceof com.fasterxml.jackson.core.JsonProcessingException j && j.getLocation() != null
                            ? " at line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr() : "";
                    LOG.warning("ignoring unreadable job record " + f.getFileName() + ": " + e.getClass().getSimpleName() + where);
                }
            }
        }
        return jobs;
    }
}
