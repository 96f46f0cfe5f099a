package io.thinslice.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.WithDefault;
import io.thinslice.ingest.DicomConfig;
import io.thinslice.series.NodeConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * deploy/kubernetes/ agrees with the code: every manifest is read (each kustomization rendered as kubectl would), and
 * the names in it - settings, ports, probe paths, volumes, labels, roles, the autoscaler's metric, the database
 * Secret's keys - are checked against the node's config mappings, defaults, health checks and metrics, and against
 * deploy/Dockerfile (user, image defaults). No cluster is needed.
 */
class KubernetesManifestsTest {

    private static final Path DIR = Path.of("deploy/kubernetes");
    /** Environment variables the node's containers may set that are neither thinslice.* nor quarkus.* settings. */
    private static final Map<String, String> OTHER_ENV = Map.of(
            "JAVA_OPTS", "read by the image's entry point (deploy/Dockerfile)",
            "DJL_CACHE_DIR", "where DJL copies libtorch (shared/docs/djl-notes.md)");

    private static final Set<String> SETTINGS = NodeSettingsNames.envNames();
    private static final Set<String> QUARKUS_KEYS = quarkusKeysTheProjectUses();

    @Test
    void everyManifestIsPartOfAKustomizationThatRenders() throws IOException {
        Set<Path> named = new HashSet<>();
        for (Path root : roots()) {
            named.addAll(Kustomization.files(root));
            assertFalse(Kustomization.render(root).isEmpty(), root + " renders nothing");
        }
        List<Path> yaml;
        try (Stream<Path> s = Files.walk(DIR)) {
            yaml = s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .filter(p -> !p.getFileName().toString().equals("kustomization.yaml")).map(Path::normalize).sorted().toList();
        }
        assertTrue(yaml.size() >= 8, "manifests found: " + yaml);
        List<Path> orphans = yaml.stream().filter(p -> !named.contains(p)).toList();
        assertEquals(List.of(), orphans, "manifests no kustomization.yaml names (not applied, not checked)");
    }

    @Test
    void nodeContainersAgreeWithTheCode() {
        for (Path root : roots()) {
            Rendering r = new Rendering(root, Kustomization.render(root));
            for (ObjectNode workload : r.kinds("Deployment", "StatefulSet")) {
                for (JsonNode c : workload.at("/spec/template/spec/containers")) {
                    if (isNode(c)) {
                        checkNodeContainer(r, workload, c);
                    }
                }
            }
        }
    }

    @Test
    void theClusterRunsEveryRoleOnPostgresql() {
        for (Path root : roots()) {
            Rendering r = new Rendering(root, Kustomization.render(root));
            if (r.kinds("Deployment", "StatefulSet").isEmpty()) {
                continue; // monitoring/
            }
            EnumSet<NodeConfig.Role> all = EnumSet.noneOf(NodeConfig.Role.class);
            for (ObjectNode workload : r.kinds("Deployment", "StatefulSet")) {
                for (JsonNode c : workload.at("/spec/template/spec/containers")) {
                    if (isNode(c)) {
                        all.addAll(roles(r.env(c)));
                    }
                }
            }
            assertEquals(EnumSet.allOf(NodeConfig.Role.class), all, root + ": roles the pods run together");
        }
    }

    @Test
    void volumesClaimsAndSecretsAreDeclaredAndUsed() {
        for (Path root : roots()) {
            Rendering r = new Rendering(root, Kustomization.render(root));
            Set<String> usedSecretKeys = new HashSet<>();
            for (ObjectNode workload : r.kinds("Deployment", "StatefulSet")) {
                String where = root + " " + workload.at("/metadata/name").asText();
                JsonNode pod = workload.at("/spec/template/spec");
                Map<String, JsonNode> volumes = new HashMap<>();
                pod.path("volumes").forEach(v -> volumes.put(v.path("name").asText(), v));
                Set<String> templates = new HashSet<>();
                workload.at("/spec/volumeClaimTemplates").forEach(t -> templates.add(t.at("/metadata/name").asText()));
                for (JsonNode c : pod.path("containers")) {
                    for (JsonNode m : c.path("volumeMounts")) {
                        String name = m.path("name").asText();
                        assertTrue(volumes.containsKey(name) || templates.contains(name), where + ": mount of undeclared volume " + name);
                    }
                    for (JsonNode e : c.path("env")) {
                        JsonNode ref = e.at("/valueFrom/secretKeyRef");
                        if (!ref.isMissingNode()) {
                            String secret = ref.path("name").asText();
                            String key = ref.path("key").asText();
                            assertTrue(r.secretKeys(secret).contains(key), where + ": " + e.path("name").asText() + " reads key " + key
                                    + " of Secret " + secret + ", which has " + r.secretKeys(secret));
                            usedSecretKeys.add(secret + "/" + key);
                        }
                    }
                    for (JsonNode from : c.path("envFrom")) {
                        String cm = from.at("/configMapRef/name").asText();
                        assertNotNull(r.named("ConfigMap", cm), where + ": envFrom ConfigMap " + cm + " is not declared");
                    }
                }
                for (JsonNode v : volumes.values()) {
                    JsonNode claim = v.at("/persistentVolumeClaim/claimName");
                    if (!claim.isMissingNode()) {
                        ObjectNode pvc = r.named("PersistentVolumeClaim", claim.asText());
                        assertNotNull(pvc, where + ": volume " + v.path("name").asText() + " claims undeclared " + claim.asText());
                        assertTrue(texts(pvc.at("/spec/accessModes")).contains("ReadWriteMany"),
                                where + ": " + claim.asText() + " is shared by every node and must be ReadWriteMany");
                    }
                }
            }
            for (ObjectNode secret : r.kinds("Secret")) {
                for (String key : r.secretKeys(secret.at("/metadata/name").asText())) {
                    assertTrue(usedSecretKeys.contains(secret.at("/metadata/name").asText() + "/" + key),
                            root + ": key " + key + " of Secret " + secret.at("/metadata/name").asText() + " is read by no container");
                }
            }
        }
    }

    @Test
    void servicesDisruptionBudgetsAndMonitorsSelectPods() {
        for (Path root : roots()) {
            Rendering r = new Rendering(root, Kustomization.render(root));
            for (ObjectNode svc : r.kinds("Service")) {
                String where = root + " Service " + svc.at("/metadata/name").asText();
                List<ObjectNode> selected = r.selected(svc.at("/spec/selector"));
                assertFalse(selected.isEmpty(), where + ": its selector matches no pod template");
                for (JsonNode port : svc.at("/spec/ports")) {
                    for (ObjectNode w : selected) {
                        assertTrue(containerPorts(w).containsKey(port.path("targetPort").asText()), where + ": targetPort "
                                + port.path("targetPort").asText() + " is no container port of " + w.at("/metadata/name").asText());
                    }
                }
            }
            for (ObjectNode pdb : r.kinds("PodDisruptionBudget")) {
                String where = root + " PodDisruptionBudget " + pdb.at("/metadata/name").asText();
                List<ObjectNode> selected = r.selected(pdb.at("/spec/selector/matchLabels"));
                assertEquals(1, selected.size(), where + ": selects one workload");
                JsonNode min = pdb.at("/spec/minAvailable");
                if (min.isInt()) {
                    assertTrue(min.asInt() < selected.get(0).at("/spec/replicas").asInt(1), where + ": minAvailable " + min
                            + " would block every drain of " + selected.get(0).at("/metadata/name").asText());
                }
            }
            for (ObjectNode monitor : r.kinds("PodMonitor")) {
                // A monitor lives in its own kustomization; it must find the pods of the base.
                Rendering base = new Rendering(DIR, Kustomization.render(DIR));
                List<ObjectNode> selected = base.selected(monitor.at("/spec/selector/matchLabels"));
                assertFalse(selected.isEmpty(), root + ": PodMonitor selects no pod");
                for (JsonNode ep : monitor.at("/spec/podMetricsEndpoints")) {
                    assertEquals(metricsPath(), ep.path("path").asText(), root + ": PodMonitor path");
                    assertTrue(selected.stream().anyMatch(w -> containerPorts(w).containsKey(ep.path("port").asText())),
                            root + ": PodMonitor port " + ep.path("port").asText());
                }
            }
        }
    }

    @Test
    void autoscalerScalesSynthesisWorkersOnTheQueueDepthTheNodeRegisters() throws IOException {
        String source = mainSources();
        String readme = Files.readString(DIR.resolve("README.md"));
        int autoscalers = 0;
        for (Path root : roots()) {
            Rendering r = new Rendering(root, Kustomization.render(root));
            for (ObjectNode hpa : r.kinds("HorizontalPodAutoscaler")) {
                autoscalers++;
                String where = root + " HorizontalPodAutoscaler " + hpa.at("/metadata/name").asText();
                assertEquals("Deployment", hpa.at("/spec/scaleTargetRef/kind").asText(), where);
                ObjectNode target = r.named("Deployment", hpa.at("/spec/scaleTargetRef/name").asText());
                assertNotNull(target, where + ": scales an undeclared Deployment");
                for (JsonNode c : target.at("/spec/template/spec/containers")) {
                    assertTrue(roles(r.env(c)).contains(NodeConfig.Role.SYNTHESIZE), where + ": its target does not synthesise");
                }
                List<String> metrics = new ArrayList<>();
                for (JsonNode m : hpa.at("/spec/metrics")) {
                    String type = m.path("type").asText();
                    assertTrue(Set.of("External", "Object").contains(type), where + ": metric type " + type);
                    metrics.add(m.at("/" + Character.toLowerCase(type.charAt(0)) + type.substring(1) + "/metric/name").asText());
                }
                assertEquals(List.of("thinslice_queue_depth"), metrics, where + ": the queue depth, as cluster-design.md names it");
                for (String prometheus : metrics) {
                    // Micrometer's Prometheus registry writes a gauge "a.b.c" as a_b_c.
                    String micrometer = prometheus.replace('_', '.');
                    assertTrue(source.contains("\"" + micrometer + "\""),
                            where + ": no gauge named \"" + micrometer + "\" (Prometheus " + prometheus + ") in src/main/java");
                    assertTrue(readme.lines().anyMatch(l -> l.contains("seriesQuery") && l.contains(prometheus)),
                            "deploy/kubernetes/README.md: the metrics adapter rule for " + prometheus);
                }
            }
        }
        assertTrue(autoscalers > 0, "no HorizontalPodAutoscaler");
    }

    @Test
    void gpuOverlayGivesEachWorkerOneGpuAndTheBaseNone() {
        Rendering gpu = new Rendering(DIR.resolve("gpu"), Kustomization.render(DIR.resolve("gpu")));
        Rendering base = new Rendering(DIR, Kustomization.render(DIR));
        for (ObjectNode hpa : gpu.kinds("HorizontalPodAutoscaler")) {
            ObjectNode workers = gpu.named("Deployment", hpa.at("/spec/scaleTargetRef/name").asText());
            assertEquals(1, workers.at("/spec/template/spec/containers/0/resources/limits/nvidia.com~1gpu").asInt(), "gpu/: GPUs per worker");
        }
        for (ObjectNode w : base.kinds("Deployment")) {
            assertTrue(w.at("/spec/template/spec/containers/0/resources/limits/nvidia.com~1gpu").isMissingNode(), "base: no GPU");
        }
    }

    // --- one node container -----------------------------------------------------------------------------------------

    private void checkNodeContainer(Rendering r, ObjectNode workload, JsonNode c) {
        String where = r.root + " " + workload.at("/metadata/name").asText() + "/" + c.path("name").asText();
        Map<String, JsonNode> env = r.env(c);
        Set<String> settings = SETTINGS;
        Set<String> quarkus = QUARKUS_KEYS;
        for (String name : env.keySet()) {
            if (name.startsWith("THINSLICE_")) {
                assertTrue(settings.contains(name), where + ": " + name + " is no thinslice.* setting");
            } else if (name.startsWith("QUARKUS_")) {
                assertTrue(quarkus.contains(name), where + ": " + name + " is no quarkus.* key the project uses or documents");
            } else {
                assertTrue(OTHER_ENV.containsKey(name), where + ": unexpected environment variable " + name);
            }
        }
        Map<String, String> image = dockerfileEnv();

        assertEquals("postgresql", literal(env, "THINSLICE_JOBS_STORE"), where + ": nodes in a cluster share the job store");
        for (String ds : List.of("QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD")) {
            assertFalse(env.getOrDefault(ds, missing()).at("/valueFrom/secretKeyRef").isMissingNode(), where + ": " + ds + " from the Secret");
        }
        assertEquals("metadata.name", env.getOrDefault("THINSLICE_NODE_NAME", missing()).at("/valueFrom/fieldRef/fieldPath").asText(),
                where + ": THINSLICE_NODE_NAME is the pod's name (unique in the cluster)");
        Set<NodeConfig.Role> roles = roles(env);

        Map<String, Integer> ports = containerPorts(c);
        int http = Integer.parseInt(valueOr(env, "QUARKUS_HTTP_PORT", image.getOrDefault("QUARKUS_HTTP_PORT", "8080")));
        assertEquals(http, ports.get("http"), where + ": port http = the HTTP port");
        if (roles.contains(NodeConfig.Role.RECEIVE)) {
            int dicom = Integer.parseInt(valueOr(env, "THINSLICE_DICOM_PORT", image.getOrDefault("THINSLICE_DICOM_PORT", defaultOf(DicomConfig.class, "port"))));
            assertEquals(dicom, ports.get("dicom"), where + ": port dicom = thinslice.dicom.port");
        } else {
            assertFalse(ports.containsKey("dicom"), where + ": no DICOM listener without the receive role");
        }

        JsonNode pod = workload.at("/spec/template/spec");
        String storage = valueOr(env, "THINSLICE_STORAGE_DIR", image.get("THINSLICE_STORAGE_DIR"));
        List<String> onClaims = new ArrayList<>();
        for (JsonNode m : c.path("volumeMounts")) {
            for (JsonNode v : pod.path("volumes")) {
                if (v.path("name").asText().equals(m.path("name").asText()) && v.has("persistentVolumeClaim")) {
                    onClaims.add(m.path("mountPath").asText());
                }
            }
        }
        assertEquals(List.of(storage), onClaims, where + ": the shared claim is mounted at thinslice.storage.dir");

        String live = healthPath("liveness-path", "live");
        String ready = healthPath("readiness-path", "ready");
        assertEquals(live, c.at("/livenessProbe/httpGet/path").asText(), where + ": liveness probe");
        assertEquals(ready, c.at("/readinessProbe/httpGet/path").asText(), where + ": readiness probe");
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            if (c.has(probe)) {
                assertTrue(Set.of(live, ready).contains(c.at("/" + probe + "/httpGet/path").asText()), where + ": " + probe + " path");
                assertEquals(http, probePort(c, c.at("/" + probe + "/httpGet/port")), where + ": " + probe + " port");
            }
        }
        assertTrue(mainSources().contains("@Readiness"), "no readiness check in the code: " + ready + " would always be UP");
        String annotations = workload.at("/spec/template/metadata/annotations/prometheus.io~1port").asText();
        if (!annotations.isEmpty()) {
            assertEquals(Integer.toString(http), annotations, where + ": prometheus.io/port");
            assertEquals(metricsPath(), workload.at("/spec/template/metadata/annotations/prometheus.io~1path").asText(), where);
        }

        JsonNode sc = pod.path("securityContext");
        assertEquals(dockerfileId("--uid"), sc.path("runAsUser").asInt(), where + ": the image's user");
        assertEquals(dockerfileId("--gid"), sc.path("runAsGroup").asInt(), where + ": the image's group");
        assertEquals(dockerfileId("--gid"), sc.path("fsGroup").asInt(), where + ": the volume writable for the image's group");
        assertTrue(sc.path("runAsNonRoot").asBoolean(), where + ": runAsNonRoot");

        Duration grace = DurationConverter.parseDuration(valueOr(env, "THINSLICE_DICOM_STOP_GRACE", defaultOf(DicomConfig.class, "stopGrace")));
        long preStop = 0;
        JsonNode command = c.at("/lifecycle/preStop/exec/command");
        if (command.size() == 2 && command.get(0).asText().equals("sleep")) {
            preStop = Long.parseLong(command.get(1).asText());
        } else {
            assertTrue(command.isMissingNode(), where + ": a preStop hook this test cannot read: " + command);
        }
        long termination = pod.path("terminationGracePeriodSeconds").asLong(30);
        assertTrue(termination >= preStop + grace.toSeconds() + 10, where + ": terminationGracePeriodSeconds " + termination
                + " must cover the preStop sleep (" + preStop + " s), thinslice.dicom.stop-grace (" + grace + ") and the JVM's stop");

        String host = valueOr(env, "QUARKUS_HTTP_HOST", image.get("QUARKUS_HTTP_HOST"));
        assertFalse(HttpRules.loopback(host), where + ": HTTP on " + host + " is out of the kubelet's reach (probes)");
        boolean oidc = HttpRules.oidcConfigured(literalOrNull(env, "QUARKUS_OIDC_AUTH_SERVER_URL"), literalOrNull(env, "QUARKUS_OIDC_TENANT_ENABLED"));
        boolean open = "true".equalsIgnoreCase(literalOrNull(env, "THINSLICE_HTTP_UNAUTHENTICATED_NETWORK_ACCESS"));
        assertTrue(oidc || open, where + ": HTTP on " + host + " needs QUARKUS_OIDC_AUTH_SERVER_URL or "
                + "THINSLICE_HTTP_UNAUTHENTICATED_NETWORK_ACCESS=true, or the node refuses to start (web/HttpExposure)");
    }

    // --- what the code says ---------------------------------------------------------------------------------------------

    private static Set<NodeConfig.Role> roles(Map<String, JsonNode> env) {
        String value = env.containsKey("THINSLICE_NODE_ROLES") ? env.get("THINSLICE_NODE_ROLES").path("value").asText()
                : defaultOf(NodeConfig.class, "roles");
        EnumSet<NodeConfig.Role> roles = EnumSet.noneOf(NodeConfig.Role.class);
        for (String role : value.split(",")) {
            try {
                roles.add(NodeConfig.Role.valueOf(role.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                fail("THINSLICE_NODE_ROLES=" + value + ": " + role + " is no NodeConfig.Role");
            }
        }
        return roles;
    }

    private static String defaultOf(Class<?> mapping, String method) {
        try {
            return mapping.getMethod(method).getAnnotation(WithDefault.class).value();
        } catch (NoSuchMethodException e) {
            throw new AssertionError(mapping.getSimpleName() + "." + method + "() is gone", e);
        }
    }

    /** The Quarkus keys the node's code, configuration and READMEs name, as environment variables. */
    private static Set<String> quarkusKeysTheProjectUses() {
        StringBuilder text = new StringBuilder(mainSources());
        for (String f : List.of("README.md", "deploy/README.md", "src/main/resources/application.properties")) {
            text.append(readString(Path.of(f)));
        }
        Matcher m = Pattern.compile("quarkus(\\.[a-z0-9-]+)+").matcher(text);
        Set<String> keys = new TreeSet<>();
        while (m.find()) {
            keys.add(NodeSettingsNames.envName(m.group()));
        }
        return keys;
    }

    /** SmallRye Health's paths under Quarkus' non-application root, unless application.properties moves them. */
    private static String healthPath(String key, String standard) {
        String props = readString(Path.of("src/main/resources/application.properties"));
        for (String moved : List.of("quarkus.http.non-application-root-path", "quarkus.smallrye-health.root-path", "quarkus.smallrye-health." + key)) {
            assertFalse(props.contains(moved), moved + " is set: the probes' paths in deploy/kubernetes must follow it (and this test)");
        }
        return "/q/health/" + standard;
    }

    private static String metricsPath() {
        String props = readString(Path.of("src/main/resources/application.properties"));
        assertFalse(props.contains("quarkus.micrometer.export.prometheus.path"), "the metrics path moved: update deploy/kubernetes");
        assertTrue(props.contains("quarkus.micrometer") || mainSources().contains("MeterRegistry"), "no Micrometer metrics");
        return "/q/metrics";
    }

    private static String cachedSources;

    private static synchronized String mainSources() {
        if (cachedSources == null) {
            try (Stream<Path> s = Files.walk(Path.of("src/main/java"))) {
                cachedSources = s.filter(p -> p.toString().endsWith(".java")).sorted().map(KubernetesManifestsTest::readString)
                        .collect(Collectors.joining("\n"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return cachedSources;
    }

    /** The image's ENV defaults (deploy/Dockerfile), which a pod inherits where it sets nothing. */
    private static Map<String, String> dockerfileEnv() {
        String dockerfile = readString(Path.of("deploy/Dockerfile")).replace("\\\n", " ");
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : dockerfile.lines().toList()) {
            if (line.startsWith("ENV ")) {
                Matcher m = Pattern.compile("([A-Z_]+)=(\"[^\"]*\"|\\S+)").matcher(line.substring(4));
                while (m.find()) {
                    env.put(m.group(1), m.group(2).replace("\"", ""));
                }
            }
        }
        assertTrue(env.containsKey("THINSLICE_STORAGE_DIR"), "deploy/Dockerfile ENV: " + env);
        return env;
    }

    private static int dockerfileId(String option) {
        Matcher m = Pattern.compile("useradd[^\\n]*?" + option + " (\\d+)|groupadd[^\\n]*?" + option + " (\\d+)")
                .matcher(readString(Path.of("deploy/Dockerfile")).replace("\\\n", " "));
        assertTrue(m.find(), "deploy/Dockerfile: no " + option);
        return Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(2));
    }

    // --- reading the manifests ------------------------------------------------------------------------------------------

    private static List<Path> roots() {
        try (Stream<Path> s = Files.walk(DIR)) {
            List<Path> roots = s.filter(p -> p.getFileName().toString().equals("kustomization.yaml")).map(Path::getParent).sorted().toList();
            assertTrue(roots.contains(DIR), "deploy/kubernetes/kustomization.yaml");
            return roots;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isNode(JsonNode container) {
        String image = container.path("image").asText();
        return image.equals("thinslice") || image.startsWith("thinslice:") || image.startsWith("thinslice-");
    }

    private static Map<String, Integer> containerPorts(JsonNode workloadOrContainer) {
        Map<String, Integer> ports = new HashMap<>();
        List<JsonNode> containers = new ArrayList<>();
        if (workloadOrContainer.has("spec")) {
            workloadOrContainer.at("/spec/template/spec/containers").forEach(containers::add);
        } else {
            containers.add(workloadOrContainer);
        }
        for (JsonNode c : containers) {
            for (JsonNode p : c.path("ports")) {
                ports.put(p.path("name").asText(), p.path("containerPort").asInt());
            }
        }
        return ports;
    }

    private static int probePort(JsonNode container, JsonNode port) {
        return port.isInt() ? port.asInt() : containerPorts(container).getOrDefault(port.asText(), -1);
    }

    private static String literal(Map<String, JsonNode> env, String name) {
        JsonNode v = env.get(name);
        assertNotNull(v, name + " is not set");
        return v.path("value").asText();
    }

    private static String literalOrNull(Map<String, JsonNode> env, String name) {
        JsonNode v = env.get(name);
        return v == null || !v.has("value") ? null : v.path("value").asText();
    }

    private static String valueOr(Map<String, JsonNode> env, String name, String otherwise) {
        String v = literalOrNull(env, name);
        return v == null ? otherwise : v;
    }

    private static JsonNode missing() {
        return Kustomization.YAML.missingNode();
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String readString(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One rendered kustomization. */
    private record Rendering(Path root, List<ObjectNode> objects) {

        List<ObjectNode> kinds(String... kinds) {
            Set<String> wanted = Set.of(kinds);
            return objects.stream().filter(o -> wanted.contains(o.path("kind").asText())).toList();
        }

        ObjectNode named(String kind, String name) {
            return kinds(kind).stream().filter(o -> o.at("/metadata/name").asText().equals(name)).findFirst().orElse(null);
        }

        Set<String> secretKeys(String name) {
            ObjectNode s = named("Secret", name);
            Set<String> keys = new TreeSet<>();
            if (s != null) {
                s.path("data").fieldNames().forEachRemaining(keys::add);
                s.path("stringData").fieldNames().forEachRemaining(keys::add);
            }
            return keys;
        }

        /** A container's environment: its ConfigMaps' keys (as {value: ...}) under its own env entries. */
        Map<String, JsonNode> env(JsonNode container) {
            Map<String, JsonNode> env = new LinkedHashMap<>();
            for (JsonNode from : container.path("envFrom")) {
                ObjectNode cm = named("ConfigMap", from.at("/configMapRef/name").asText());
                if (cm != null) {
                    for (Iterator<Map.Entry<String, JsonNode>> it = cm.path("data").fields(); it.hasNext();) {
                        Map.Entry<String, JsonNode> e = it.next();
                        env.put(e.getKey(), Kustomization.YAML.createObjectNode().put("value", e.getValue().asText()));
                    }
                }
            }
            for (JsonNode e : container.path("env")) {
                env.put(e.path("name").asText(), e);
            }
            return env;
        }

        /** The workloads whose pod template carries every label of the selector. */
        List<ObjectNode> selected(JsonNode matchLabels) {
            assertTrue(matchLabels.isObject() && !matchLabels.isEmpty(), root + ": a selector by labels: " + matchLabels);
            return kinds("Deployment", "StatefulSet").stream().filter(w -> {
                JsonNode labels = w.at("/spec/template/metadata/labels");
                for (Iterator<Map.Entry<String, JsonNode>> it = matchLabels.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!labels.path(e.getKey()).asText().equals(e.getValue().asText())) {
                        return false;
                    }
                }
                return true;
            }).toList();
        }
    }

    /** The node's setting names (cli.NodeSettings, which the node itself checks environment variables against). */
    private static final class NodeSettingsNames {

        @SuppressWarnings("unchecked")
        static Set<String> envNames() {
            try {
                Method names = Class.forName("io.thinslice.cli.NodeSettings").getDeclaredMethod("names");
                names.setAccessible(true);
                return ((Set<String>) names.invoke(null)).stream().map(NodeSettingsNames::envName).collect(Collectors.toSet());
            } catch (ReflectiveOperationException e) {
                throw new AssertionError("cli.NodeSettings.names()", e);
            }
        }

        static String envName(String property) {
            return property.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
        }
    }

    /** web.HttpExposure's and web.HttpDefaults' own rules for who may reach the HTTP server. */
    private static final class HttpRules {

        static boolean loopback(String host) {
            return (Boolean) call("io.thinslice.web.HttpExposure", "loopback", new Class<?>[] {String.class}, host);
        }

        static boolean oidcConfigured(String authServerUrl, String tenantEnabled) {
            return (Boolean) call("io.thinslice.web.HttpDefaults", "oidcConfigured", new Class<?>[] {String.class, String.class}, authServerUrl,
                    tenantEnabled);
        }

        private static Object call(String type, String method, Class<?>[] params, Object... args) {
            try {
                Method m = Class.forName(type).getDeclaredMethod(method, params);
                m.setAccessible(true);
                return m.invoke(null, args);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(type + "." + method, e);
            }
        }
    }
}
