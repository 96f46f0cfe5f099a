package io.thinslice.web;

import io.thinslice.series.Job;
import io.thinslice.series.JobEngine;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/** Admin API: one job per received series. */
@Path("/api/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobsResource {

    @Inject
    JobEngine engine;

    @GET
    public List<Job> list() {
        return engine.jobs();
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id) {
        return engine.job(id).map(j -> Response.ok(j).build())
                .orElseGet(() -> Response.status(Response.Status.NOT_FOUND).type("application/problem+json")
                        .entity(Map.of("type", "about:blank", "title", "Not Found", "status", 404,
                                "detail", "no job with id " + id)).build());
    }
}
