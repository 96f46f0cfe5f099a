package io.thinslice.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.thinslice.audit.AuditEvents;
import io.thinslice.audit.AuditTrail;
import io.thinslice.audit.InstanceTally;
import io.thinslice.dicom.DicomWebFiles;
import io.thinslice.dicom.InstanceRefusedException;
import io.thinslice.dicom.OutOfResourcesException;
import io.thinslice.ingest.FreeSpace;
import io.thinslice.ingest.Intake;
import io.thinslice.ingest.LimitsConfig;
import io.thinslice.ingest.RecordingGate;
import io.thinslice.series.ReceivedInstance;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.imageio.ImageIO;

/**
 * DICOMweb (PS3.18): STOW-RS in, QIDO-RS and WADO-RS over what the node serves ({@link DicomWebIndex}). Errors
 * without a DICOM JSON body are application/problem+json (RFC 9457).
 */
@Path("/dicom-web")
public class DicomWebResource {

    private static final Logger LOG = Logger.getLogger(DicomWebResource.class.getName());
    static final String DICOM_JSON = "application/dicom+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** SOP classes and transfer syntaxes taken in, as by C-STORE (dicom-conformance/README.md). */
    private static final Set<String> SOP_CLASSES = Set.of("1.2.840.10008.5.1.4.1.1.2");
    private static final Set<String> TRANSFER_SYNTAXES = Set.of("1.2.840.10008.1.2.1", "1.2.840.10008.1.2", "1.2.840.10008.1.2.1.99",
            "1.2.840.10008.1.2.2", "1.2.840.10008.1.2.4.70", "1.2.840.10008.1.2.4.57", "1.2.840.10008.1.2.5");
    // Failure reasons (PS3.18 10.5.3, PS3.4 annex B)
    static final int PROCESSING_FAILURE = 0x0110;
    static final int SOP_CLASS_NOT_SUPPORTED = 0x0122;
    static final int STUDY_MISMATCH = 0xA900;
    static final int CANNOT_UNDERSTAND = 0xC000;
    static final int TRANSFER_SYNTAX_NOT_SUPPORTED = 0xC122;
    /**
     * Retry-After of a STOW-RS refused for lack of disk space or while the job store cannot record: the node looks again
     * at every request, so soon.
     */
    static final int RETRY_AFTER_SECONDS = 30;

    @Inject
    Intake intake;
    @Inject
    DicomWebIndex index;
    @Inject
    DicomWebConfig config;
    @Inject
    FreeSpace freeSpace;
    @Inject
    AuditTrail audit;
    @Inject
    AuditEvents auditEvents;
    @Inject
    LimitsConfig limits;
    @Inject
    RecordingGate recording;
    @Context
    UriInfo uri;
    @Context
    HttpServerRequest request;

    // ---------------------------------------------------------------- STOW-RS

    @POST
    @Path("studies")
    public Response store(@HeaderParam("Content-Type") String contentType, InputStream body) {
        return stow(null, contentType, body);
    }

    @POST
    @Path("studies/{study}")
    public Response storeInStudy(@PathParam("study") String study, @HeaderParam("Content-Type") String contentType, InputStream body) {
        return stow(study, contentType, body);
    }

    private Response stow(String study, String contentType, InputStream body) {
        MediaType type;
        try {
            type = contentType == null ? null : MediaType.valueOf(contentType);
        } catch (IllegalArgumentException e) {
            type = null;
        }
        if (type == null || !type.getType().equalsIgnoreCase("multipart") || !type.getSubtype().equalsIgnoreCase("related")) {
            return problem(415, "Unsupported Media Type", "STOW-RS takes multipart/related; type=\"application/dicom\", not " + contentType);
        }
        String partType = unquote(type.getParameters().get("type"));
        if (partType != null && !partType.equalsIgnoreCase("application/dicom")) {
            return problem(415, "Unsupported Media Type", "only type=\"application/dicom\" parts are accepted (no metadata + bulk data), not " + partType);
        }
        if (freeSpace.low()) {
            // Refused before the body is read: it would only take more of the space that is short.
            return outOfSpace(freeSpace.describe());
        }
        String unrecordable = recording.unavailableBecause();
        if (unrecordable != null) {
            // Refused before the body is read: nothing of it could be recorded.
            return outOfSpace(unrecordable);
        }
        long maxSize = limits.stowMaxRequestSize().asLongValue();
        int maxParts = limits.stowMaxParts();
        long declared = declaredLength();
        if (declared > maxSize) {
            // Refused before the body is read (the connection may then be closed, RFC 9110 15.5.14).
            return tooLarge("the request body is " + declared + " bytes; thinslice.limits.stow-max-request-size is " + maxSize + " bytes");
        }
        String boundary = unquote(type.getParameters().get("boundary"));
        List<java.nio.file.Path> files = new ArrayList<>();
        List<String> partTypes = new ArrayList<>();
        try {
            java.nio.file.Path incoming = intake.incomingDir();
            try {
                MultipartRelated.read(new RequestLimit.Body(body, maxSize), boundary, (i, headers) -> {
                    if (i >= maxParts) {
                        throw new RequestLimit.Exceeded("the request has more than " + maxParts + " parts; thinslice.limits.stow-max-parts is "
                                + maxParts);
                    }
                    java.nio.file.Path f = Files.createTempFile(incoming, "stow-", ".part");
                    files.add(f);
                    partTypes.add(headers.get("content-type"));
                    return Files.newOutputStream(f);
                });
            } catch (MultipartRelated.MalformedException e) {
                delete(files);
                return problem(400, "Bad Request", "malformed multipart body: " + e.getMessage());
            }
        } catch (RequestLimit.Exceeded e) {
            delete(files);
            return tooLarge(e.getMessage());
        } catch (IOException e) {
            delete(files);
            LOG.log(Level.WARNING, "STOW-RS body could not be read", e);
            return problem(400, "Bad Request", "request body could not be read: " + e.getMessage());
        }
        String origin = "STOW-RS " + (request == null || request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress());
        ArrayNode referenced = F.arrayNode();
        ArrayNode failed = F.arrayNode();
        InstanceTally tally = new InstanceTally();
        String outOfSpace = null;
        for (int i = 0; i < files.size(); i++) {
            java.nio.file.Path f = files.get(i);
            String sopClass = null;
            String sop = null;
            try {
                String pt = partTypes.get(i);
                if (pt != null && !pt.toLowerCase().startsWith("application/dicom")) {
                    failed.add(failedItem(null, null, CANNOT_UNDERSTAND));
                    continue;
                }
                if (!DicomWebFiles.isPart10(f)) {
                    failed.add(failedItem(null, null, CANNOT_UNDERSTAND));
                    continue;
                }
                DicomWebFiles.Identity id;
                try {
                    id = DicomWebFiles.identify(f);
                } catch (IOException e) {
                    failed.add(failedItem(null, null, CANNOT_UNDERSTAND));
                    continue;
                }
                sopClass = id.sopClassUid();
                sop = id.sopInstanceUid();
                if (sopClass == null || sop == null || id.seriesInstanceUid() == null || id.studyInstanceUid() == null) {
                    failed.add(failedItem(sopClass, sop, CANNOT_UNDERSTAND));
                } else if (!SOP_CLASSES.contains(sopClass)) {
                    failed.add(failedItem(sopClass, sop, SOP_CLASS_NOT_SUPPORTED));
                } else if (id.transferSyntaxUid() == null || !TRANSFER_SYNTAXES.contains(id.transferSyntaxUid())) {
                    failed.add(failedItem(sopClass, sop, TRANSFER_SYNTAX_NOT_SUPPORTED));
                } else if (study != null && !study.equals(id.studyInstanceUid())) {
                    failed.add(failedItem(sopClass, sop, STUDY_MISMATCH));
                } else {
                    ReceivedInstance r = intake.accept(f, origin);
                    tally.stored(id.studyInstanceUid(), id.seriesInstanceUid(), sopClass);
                    ObjectNode item = F.objectNode();
                    item.set("00081150", attr("UI", sopClass));
                    item.set("00081155", attr("UI", sop));
                    if (config.serveSources()) {
                        item.set("00081190", attr("UR", base() + "/studies/" + id.studyInstanceUid() + "/series/" + id.seriesInstanceUid()
                                + "/instances/" + sop));
                    }
                    referenced.add(item);
                    LOG.fine("STOW-RS stored " + sop + (r.duplicate() ? " (duplicate)" : ""));
                }
            } catch (OutOfResourcesException e) {
                outOfSpace = e.getMessage();
                failed.add(failedItem(sopClass, sop, OutOfResourcesException.STATUS));
            } catch (InstanceRefusedException e) {
                LOG.warning("STOW-RS part " + i + " refused: " + e.getMessage());
                failed.add(failedItem(sopClass, sop, InstanceRefusedException.STATUS));
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "STOW-RS part " + i + " not stored", e);
                failed.add(failedItem(sopClass, sop, PROCESSING_FAILURE));
            } finally {
                try {
                    Files.deleteIfExists(f); // moved away when stored
                } catch (IOException ignored) {
                    // left for the operator
                }
            }
        }
        for (int i = 0; i < failed.size(); i++) {
            tally.failed();
        }
        if (audit.enabled() && !tally.isEmpty()) {
            String host = request == null || request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
            audit.record(tally.message(auditEvents, new AuditEvents.Peer(host, host)));
        }
        if (outOfSpace != null && referenced.isEmpty()) {
            return outOfSpace(outOfSpace); // space ran short during the upload: nothing of it was kept, all may be sent again
        }
        ObjectNode result = F.objectNode();
        if (study != null && config.serveSources()) {
            result.set("00081190", attr("UR", base() + "/studies/" + study));
        }
        if (!failed.isEmpty()) {
            result.set("00081198", sequence(failed));
        }
        if (!referenced.isEmpty()) {
            result.set("00081199", sequence(referenced));
        }
        int status = failed.isEmpty() ? 200 : referenced.isEmpty() ? 409 : 202;
        return Response.status(status).type(DICOM_JSON).entity(bytes(result)).build();
    }

    /** 413 (PS3.18 8.5, RFC 9110 15.5.14): a request over a STOW-RS limit; nothing of it was kept. */
    private static Response tooLarge(String detail) {
        LOG.warning("STOW-RS refused with 413: " + detail);
        return problem(413, "Content Too Large", detail + "; nothing of this request was stored, send it in smaller requests");
    }

    /** The Content-Length of the request, or -1 (none: chunked). */
    private long declaredLength() {
        String v = request == null ? null : request.getHeader("Content-Length");
        try {
            return v == null ? -1 : Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * 503 with Retry-After: the storage is below its free-space watermark, or the job store cannot record; nothing of the
     * request was kept.
     */
    private static Response outOfSpace(String detail) {
        LOG.warning("STOW-RS refused with 503: " + detail);
        Response p = problem(503, "Service Unavailable", detail + "; nothing of this request was stored, send it again later");
        return Response.fromResponse(p).header("Retry-After", RETRY_AFTER_SECONDS).build();
    }

    private static ObjectNode failedItem(String sopClass, String sop, int reason) {
        ObjectNode item = F.objectNode();
        item.set("00081150", attr("UI", sopClass));
        item.set("00081155", attr("UI", sop));
        ObjectNode r = F.objectNode();
        r.put("vr", "US");
        r.putArray("Value").add(reason);
        item.set("00081197", r);
        return item;
    }

    // ---------------------------------------------------------------- QIDO-RS

    @GET
    @Path("studies")
    public Response searchStudies(@HeaderParam("Accept") String accept) {
        return qido(accept, Qido.Level.STUDY, null, null);
    }

    @GET
    @Path("series")
    public Response searchAllSeries(@HeaderParam("Accept") String accept) {
        return qido(accept, Qido.Level.SERIES, null, null);
    }

    @GET
    @Path("instances")
    public Response searchAllInstances(@HeaderParam("Accept") String accept) {
        return qido(accept, Qido.Level.INSTANCE, null, null);
    }

    @GET
    @Path("studies/{study}/series")
    public Response searchSeries(@PathParam("study") String study, @HeaderParam("Accept") String accept) {
        return qido(accept, Qido.Level.SERIES, study, null);
    }

    @GET
    @Path("studies/{study}/instances")
    public Response searchStudyInstances(@PathParam("study") String study, @HeaderParam("Accept") String accept) {
        return qido(accept, Qido.Level.INSTANCE, study, null);
    }

    @GET
    @Path("studies/{study}/series/{series}/instances")
    public Response searchInstances(@PathParam("study") String study, @PathParam("series") String series, @HeaderParam("Accept") String accept) {
        return qido(accept, Qido.Level.INSTANCE, study, series);
    }

    private Response qido(String accept, Qido.Level level, String study, String series) {
        if (!Accept.json(accept)) {
            return problem(406, "Not Acceptable", "QIDO-RS answers application/dicom+json only; Accept was " + accept);
        }
        Qido.Query q;
        try {
            q = Qido.parse(uri.getQueryParameters());
        } catch (Qido.BadQueryException e) {
            return problem(400, "Bad Request", e.getMessage());
        }
        ArrayNode result = Qido.run(index.all(), level, study, series, q, base());
        Response.ResponseBuilder r = Response.ok(bytes(result)).type(DICOM_JSON);
        if (!q.ignored().isEmpty()) {
            r.header("Warning", "299 thinslice: \"The following parameters are not supported for matching and were ignored: "
                    + String.join(", ", q.ignored()) + "\"");
        }
        return r.build();
    }

    // ---------------------------------------------------------------- WADO-RS

    @GET
    @Path("studies/{study}")
    public Response retrieveStudy(@PathParam("study") String study, @HeaderParam("Accept") String accept) {
        return retrieve(accept, select(study, null, null), "study " + study);
    }

    @GET
    @Path("studies/{study}/series/{series}")
    public Response retrieveSeries(@PathParam("study") String study, @PathParam("series") String series, @HeaderParam("Accept") String accept) {
        return retrieve(accept, select(study, series, null), "series " + series + " in study " + study);
    }

    @GET
    @Path("studies/{study}/series/{series}/instances/{instance}")
    public Response retrieveInstance(@PathParam("study") String study, @PathParam("series") String series,
                                     @PathParam("instance") String instance, @HeaderParam("Accept") String accept) {
        return retrieve(accept, select(study, series, instance), "instance " + instance);
    }

    @GET
    @Path("studies/{study}/metadata")
    public Response studyMetadata(@PathParam("study") String study, @HeaderParam("Accept") String accept) {
        return metadata(accept, select(study, null, null), "study " + study);
    }

    @GET
    @Path("studies/{study}/series/{series}/metadata")
    public Response seriesMetadata(@PathParam("study") String study, @PathParam("series") String series, @HeaderParam("Accept") String accept) {
        return metadata(accept, select(study, series, null), "series " + series + " in study " + study);
    }

    @GET
    @Path("studies/{study}/series/{series}/instances/{instance}/metadata")
    public Response instanceMetadata(@PathParam("study") String study, @PathParam("series") String series,
                                     @PathParam("instance") String instance, @HeaderParam("Accept") String accept) {
        return metadata(accept, select(study, series, instance), "instance " + instance);
    }

    @GET
    @Path("studies/{study}/series/{series}/instances/{instance}/frames/{frames}")
    public Response frames(@PathParam("study") String study, @PathParam("series") String series, @PathParam("instance") String instance,
                           @PathParam("frames") String frameList, @HeaderParam("Accept") String accept) {
        List<DicomWebIndex.Entry> found = select(study, series, instance);
        if (found.isEmpty()) {
            return notFound("instance " + instance);
        }
        List<Integer> numbers = new ArrayList<>();
        try {
            for (String s : frameList.split(",")) {
                int n = Integer.parseInt(s.trim());
                if (n < 1) {
                    throw new NumberFormatException();
                }
                numbers.add(n);
            }
        } catch (NumberFormatException e) {
            return problem(400, "Bad Request", "frame list must be positive integers separated by commas: " + frameList);
        }
        if (!Accept.multipart(accept, "application/octet-stream")) {
            return problem(406, "Not Acceptable", "frames are served as multipart/related; type=\"application/octet-stream\" "
                    + "(explicit VR little endian, uncompressed); Accept was " + accept);
        }
        java.nio.file.Path file = found.get(0).path();
        try {
            int count = DicomWebFiles.frameCount(file);
            for (int n : numbers) {
                if (n > count) {
                    return notFound("frame " + n + " of instance " + instance + " (it has " + count + ")");
                }
            }
        } catch (IOException e) {
            return problem(500, "Internal Server Error", e.getMessage());
        }
        String self = uri.getAbsolutePath().toString();
        return multipart("application/octet-stream", w -> {
            for (int n : numbers) {
                w.part("application/octet-stream; transfer-syntax=" + DicomWebFiles.EXPLICIT_VR_LITTLE_ENDIAN, numbers.size() == 1 ? self : null)
                        .write(DicomWebFiles.frame(file, n));
                w.endPart();
            }
        });
    }

    @GET
    @Path("studies/{study}/series/{series}/instances/{instance}/bulkdata/{tag}")
    public Response bulkData(@PathParam("study") String study, @PathParam("series") String series, @PathParam("instance") String instance,
                             @PathParam("tag") String tag, @HeaderParam("Accept") String accept) {
        List<DicomWebIndex.Entry> found = select(study, series, instance);
        if (found.isEmpty() || !tag.matches("[0-9A-Fa-f]{8}")) {
            return notFound("bulk data " + tag + " of instance " + instance);
        }
        if (!Accept.multipart(accept, "application/octet-stream")) {
            return problem(406, "Not Acceptable", "bulk data is served as multipart/related; type=\"application/octet-stream\"; Accept was " + accept);
        }
        byte[] value;
        try {
            value = DicomWebFiles.bulkData(found.get(0).path(), tag.toUpperCase());
        } catch (IOException e) {
            return problem(500, "Internal Server Error", e.getMessage());
        }
        if (value == null) {
            return notFound("bulk data " + tag + " of instance " + instance);
        }
        return multipart("application/octet-stream", w -> {
            w.part("application/octet-stream", uri.getAbsolutePath().toString()).write(value);
            w.endPart();
        });
    }

    @GET
    @Path("studies/{study}/series/{series}/instances/{instance}/rendered")
    public Response rendered(@PathParam("study") String study, @PathParam("series") String series, @PathParam("instance") String instance,
                             @HeaderParam("Accept") String accept, @QueryParam("window") String window) {
        return render(study, series, instance, 1, accept, window);
    }

    @GET
    @Path("studies/{study}/series/{series}/instances/{instance}/frames/{frame}/rendered")
    public Response renderedFrame(@PathParam("study") String study, @PathParam("series") String series, @PathParam("instance") String instance,
                                  @PathParam("frame") int frame, @HeaderParam("Accept") String accept, @QueryParam("window") String window) {
        return render(study, series, instance, frame, accept, window);
    }

    private Response render(String study, String series, String instance, int frame, String accept, String window) {
        List<DicomWebIndex.Entry> found = select(study, series, instance);
        if (found.isEmpty()) {
            return notFound("instance " + instance);
        }
        String format = Accept.image(accept);
        if (format == null) {
            return problem(406, "Not Acceptable", "rendered images are image/png or image/jpeg; Accept was " + accept);
        }
        Double center = null;
        Double width = null;
        if (window != null) {
            String[] w = window.split(",");
            try {
                center = Double.valueOf(w[0]);
                width = Double.valueOf(w[1]);
                if (width < 1 || w.length > 3 || w.length == 3 && !w[2].equalsIgnoreCase("linear")) {
                    throw new IllegalArgumentException();
                }
            } catch (RuntimeException e) {
                return problem(400, "Bad Request", "window must be center,width[,linear] with width >= 1: " + window);
            }
        }
        try {
            int count = DicomWebFiles.frameCount(found.get(0).path());
            if (frame < 1 || frame > count) {
                return notFound("frame " + frame + " of instance " + instance);
            }
            BufferedImage image = DicomWebFiles.render(found.get(0).path(), frame, center, width);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, format.equals("image/png") ? "png" : "jpeg", out);
            return Response.ok(out.toByteArray()).type(format).build();
        } catch (IllegalArgumentException e) {
            return problem(406, "Not Acceptable", "this instance cannot be rendered: " + e.getMessage());
        } catch (IOException e) {
            return problem(500, "Internal Server Error", e.getMessage());
        }
    }

    private Response retrieve(String accept, List<DicomWebIndex.Entry> found, String what) {
        if (found.isEmpty()) {
            return notFound(what);
        }
        Accept.Dicom choice = Accept.dicom(accept);
        if (choice == null) {
            return problem(406, "Not Acceptable", "instances are served as multipart/related; type=\"application/dicom\" with transfer-syntax "
                    + DicomWebFiles.EXPLICIT_VR_LITTLE_ENDIAN + " or *; Accept was " + accept);
        }
        return multipart("application/dicom", w -> {
            for (DicomWebIndex.Entry e : found) {
                String ts = DicomWebFiles.transferSyntax(e.path());
                boolean asStored = choice.anyTransferSyntax() || DicomWebFiles.EXPLICIT_VR_LITTLE_ENDIAN.equals(ts);
                OutputStream part = w.part("application/dicom; transfer-syntax=" + (asStored ? ts : DicomWebFiles.EXPLICIT_VR_LITTLE_ENDIAN),
                        base() + "/studies/" + e.study() + "/series/" + e.series() + "/instances/" + e.sop());
                if (asStored) {
                    Files.copy(e.path(), part);
                } else {
                    DicomWebFiles.writeExplicitLittleEndian(e.path(), part);
                }
                w.endPart();
            }
        });
    }

    private Response metadata(String accept, List<DicomWebIndex.Entry> found, String what) {
        if (found.isEmpty()) {
            return notFound(what);
        }
        if (!Accept.json(accept)) {
            return problem(406, "Not Acceptable", "metadata is served as application/dicom+json only; Accept was " + accept);
        }
        ArrayNode out = F.arrayNode();
        try {
            for (DicomWebIndex.Entry e : found) {
                String instanceUrl = base() + "/studies/" + e.study() + "/series/" + e.series() + "/instances/" + e.sop();
                out.add(DicomWebFiles.metadata(e.path(), tag -> instanceUrl + "/bulkdata/" + tag));
            }
        } catch (IOException e) {
            return problem(500, "Internal Server Error", e.getMessage());
        }
        return Response.ok(bytes(out)).type(DICOM_JSON).build();
    }

    // ---------------------------------------------------------------- helpers

    private List<DicomWebIndex.Entry> select(String study, String series, String instance) {
        return index.all().stream().filter(e -> e.study().equals(study) && (series == null || e.series().equals(series))
                        && (instance == null || e.sop().equals(instance)))
                .sorted(Comparator.comparing(DicomWebIndex.Entry::series).thenComparing(DicomWebIndex.Entry::sop)).toList();
    }

    private interface PartWriter {
        void write(MultipartRelated.Writer w) throws IOException;
    }

    private static Response multipart(String partType, PartWriter parts) {
        String boundary = MultipartRelated.Writer.newBoundary();
        StreamingOutput body = out -> {
            MultipartRelated.Writer w = new MultipartRelated.Writer(out, boundary);
            parts.write(w);
            w.close();
        };
        return Response.ok(body).header("Content-Type", "multipart/related; type=\"" + partType + "\"; boundary=" + boundary).build();
    }

    private String base() {
        String b = uri.getBaseUri().toString();
        return (b.endsWith("/") ? b : b + "/") + "dicom-web";
    }

    private static Response notFound(String what) {
        return problem(404, "Not Found", "no " + what + " on this node");
    }

    static Response problem(int status, String title, String detail) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", "about:blank");
        p.put("title", title);
        p.put("status", status);
        p.put("detail", detail);
        try {
            return Response.status(status).type("application/problem+json").entity(JSON.writeValueAsBytes(p)).build();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode attr(String vr, String value) {
        ObjectNode o = F.objectNode();
        o.put("vr", vr);
        if (value != null) {
            o.putArray("Value").add(value);
        }
        return o;
    }

    private static ObjectNode sequence(ArrayNode items) {
        ObjectNode o = F.objectNode();
        o.put("vr", "SQ");
        o.set("Value", items);
        return o;
    }

    private static byte[] bytes(Object json) {
        try {
            return JSON.writeValueAsBytes(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String unquote(String s) {
        if (s == null) {
            return null;
        }
        s = s.trim();
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    private static void delete(List<java.nio.file.Path> files) {
        for (java.nio.file.Path f : files) {
            try {
                Files.deleteIfExists(f);
            } catch (IOException ignored) {
                // left in incoming/
            }
        }
    }
}
