package io.thinslice.it;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A real Orthanc (Debian package) as the PACS, on unusual loopback ports, with a Lua routing script. */
final class Orthanc implements AutoCloseable {

    static final String AE = "ORTHANC";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final int dicomPort;
    final int httpPort;
    final Path log;
    private final Process process;

    private Orthanc(int dicomPort, int httpPort, Path log, Process process) {
        this.dicomPort = dicomPort;
        this.httpPort = httpPort;
        this.log = log;
        this.process = process;
    }

    /**
     * @param modalities name → {AET, host, port}
     * @param lua        Lua script text, or null
     */
    static Orthanc start(Path dir, Map<String, Object[]> modalities, String lua) throws Exception {
        return start(dir, modalities, lua, null);
    }

    /**
     * As {@link #start(Path, Map, String)}, with Orthanc's DICOMweb plugin (Debian orthanc-dicomweb) loaded and serving
     * under /dicom-web/.
     *
     * @param dicomWebServers name → DICOMweb root URL of a remote server (for Orthanc's STOW/QIDO/WADO client), or null
     */
    static Orthanc start(Path dir, Map<String, Object[]> modalities, String lua, Map<String, String> dicomWebServers) throws Exception {
        return start(dir, modalities, lua, dicomWebServers, Ports.free());
    }

    /** As {@link #start(Path, Map, String, Map)}, with the HTTP (REST and DICOMweb) port chosen by the caller. */
    static Orthanc start(Path dir, Map<String, Object[]> modalities, String lua, Map<String, String> dicomWebServers, int http)
            throws Exception {
        return start(dir, modalities, lua, dicomWebServers, http, false);
    }

    /** As above, and with Orthanc's web viewer plugin (Debian orthanc-webviewer) when {@code webViewer}. */
    static Orthanc start(Path dir, Map<String, Object[]> modalities, String lua, Map<String, String> dicomWebServers, int http,
                         boolean webViewer) throws Exception {
        return start(dir, modalities, lua, dicomWebServers, http, webViewer, Map.of());
    }

    /**
     * As above; {@code serverHeaders} gives DICOMweb servers of {@code dicomWebServers} HTTP headers Orthanc sends with
     * each request to them (its "HttpHeaders", e.g. {@code Authorization: Bearer ...}).
     */
    static Orthanc start(Path dir, Map<String, Object[]> modalities, String lua, Map<String, String> dicomWebServers, int http,
                         boolean webViewer, Map<String, Map<String, String>> serverHeaders) throws Exception {
        Files.createDirectories(dir);
        int dicom = Ports.free();
        var config = Jobs.JSON.createObjectNode();
        config.put("Name", "ThinSliceTestPACS");
        config.put("StorageDirectory", dir.resolve("storage").toString());
        config.put("IndexDirectory", dir.resolve("storage").toString());
        config.put("DicomAet", AE);
        config.put("DicomPort", dicom);
        config.put("HttpPort", http);
        config.put("RemoteAccessAllowed", false);
        config.put("AuthenticationEnabled", false);
        config.put("DicomCheckCalledAet", false);
        config.put("StableAge", 2);
        var plugins = config.putArray("Plugins");
        if (webViewer) {
            plugins.add("/usr/share/orthanc/plugins/libOrthancWebViewer.so");
        }
        if (dicomWebServers != null) {
            plugins.add("/usr/share/orthanc/plugins/libOrthancDicomWeb.so");
            var web = config.putObject("DicomWeb");
            web.put("Enable", true);
            web.put("Root", "/dicom-web/");
            var servers = web.putObject("Servers");
            dicomWebServers.forEach((name, url) -> {
                if (serverHeaders.containsKey(name)) {
                    var server = servers.putObject(name);
                    server.put("Url", url);
                    var headers = server.putObject("HttpHeaders");
                    serverHeaders.get(name).forEach(headers::put);
                } else {
                    servers.putArray(name).add(url);
                }
            });
        }
        var mods = config.putObject("DicomModalities");
        modalities.forEach((name, m) -> {
            var a = mods.putArray(name);
            a.add((String) m[0]).add((String) m[1]).add((Integer) m[2]);
        });
        if (lua != null) {
            Path script = dir.resolve("route.lua");
            Files.writeString(script, lua);
            config.putArray("LuaScripts").add(script.toString());
        }
        Path configFile = dir.resolve("orthanc.json");
        Jobs.JSON.writerWithDefaultPrettyPrinter().writeValue(configFile.toFile(), config);
        Path log = dir.resolve("orthanc.log");
        Process p = new ProcessBuilder("Orthanc", configFile.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        Orthanc orthanc = new Orthanc(dicom, http, log, p);
        for (int i = 0; i < 150; i++) {
            if (!p.isAlive()) {
                fail("Orthanc exited with " + p.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                if (orthanc.get("/system").statusCode() == 200) {
                    return orthanc;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(200);
        }
        p.destroyForcibly();
        throw new AssertionError("Orthanc did not answer on HTTP port " + http);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).timeout(Duration.ofSeconds(10)).build());
    }

    HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).DELETE().timeout(Duration.ofSeconds(10)).build());
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /**
     * Sends once more when Orthanc closed a kept-alive connection just as the client reused it (seen once in DicomWebIT:
     * "header parser received no bytes" on the POST after a DELETE): Orthanc got no request then, so nothing runs twice.
     */
    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            if (e.getMessage() == null || !e.getMessage().contains("received no bytes")) {
                throw e;
            }
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    JsonNode json(String path) throws Exception {
        HttpResponse<String> r = get(path);
        if (r.statusCode() != 200) {
            throw new AssertionError("Orthanc GET " + path + ": " + r.statusCode() + " " + r.body());
        }
        return Jobs.JSON.readTree(r.body());
    }

    String logText() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
