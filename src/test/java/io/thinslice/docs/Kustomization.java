package io.thinslice.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Just enough of kustomize to read deploy/kubernetes/ without a cluster or a kustomize binary: {@code resources}
 * (files and folders with their own kustomization.yaml) and {@code patches} by path, applied as strategic merge
 * patches the way kustomize applies the ones used there (maps merged key by key, a null value deletes the key, lists of
 * named items merged by name, other lists replaced). {@code images} and {@code namespace} change nothing the manifest
 * test looks at and are left out.
 */
final class Kustomization {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** List fields kustomize merges item by item (patchMergeKey {@code name} in the Kubernetes API), not replaces. */
    private static final Set<String> MERGED_BY_NAME = Set.of("containers", "initContainers", "env", "volumes", "volumeMounts", "ports");

    private Kustomization() {
    }

    /** The objects {@code kubectl kustomize dir} would print, in order. */
    static List<ObjectNode> render(Path dir) {
        JsonNode k = read(dir.resolve("kustomization.yaml")).get(0);
        List<ObjectNode> out = new ArrayList<>();
        for (JsonNode r : k.path("resources")) {
            Path p = dir.resolve(r.asText()).normalize();
            if (Files.isDirectory(p)) {
                out.addAll(render(p));
            } else {
                out.addAll(read(p));
            }
        }
        for (JsonNode patch : k.path("patches")) {
            for (ObjectNode doc : read(dir.resolve(patch.path("path").asText()))) {
                ObjectNode target = out.stream().filter(o -> sameObject(o, doc)).findFirst().orElseThrow(() -> new AssertionError(
                        dir + ": patch " + patch + " names no object: " + doc.path("kind").asText() + " " + doc.at("/metadata/name").asText()));
                merge(target, doc);
            }
        }
        return out;
    }

    /** The files a kustomization.yaml names: resources that are files, and patches. */
    static List<Path> files(Path dir) {
        JsonNode k = read(dir.resolve("kustomization.yaml")).get(0);
        List<Path> out = new ArrayList<>();
        for (JsonNode r : k.path("resources")) {
            Path p = dir.resolve(r.asText()).normalize();
            if (!Files.isDirectory(p)) {
                out.add(p);
            }
        }
        for (JsonNode patch : k.path("patches")) {
            out.add(dir.resolve(patch.path("path").asText()).normalize());
        }
        return out;
    }

    /** Every document of a YAML file (empty documents left out). */
    static List<ObjectNode> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new AssertionError(file + " does not exist");
        }
        try (var it = YAML.readerFor(ObjectNode.class).<ObjectNode>readValues(file.toFile())) {
            List<ObjectNode> docs = new ArrayList<>();
            while (it.hasNext()) {
                ObjectNode doc = it.next();
                if (doc != null && !doc.isEmpty()) {
                    docs.add(doc);
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    private static boolean sameObject(JsonNode a, JsonNode b) {
        return a.path("kind").asText().equals(b.path("kind").asText()) && a.at("/metadata/name").asText().equals(b.at("/metadata/name").asText());
    }

    private static void merge(ObjectNode target, ObjectNode patch) {
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode old = target.get(e.getKey());
            JsonNode value = e.getValue();
            if (value.isNull()) {
                target.remove(e.getKey());
            } else if (old instanceof ObjectNode o && value instanceof ObjectNode v) {
                merge(o, v);
            } else if (old instanceof ArrayNode o && value instanceof ArrayNode v && MERGED_BY_NAME.contains(e.getKey())) {
                mergeByName(o, v);
            } else {
                target.set(e.getKey(), value.deepCopy());
            }
        }
    }

    private static void mergeByName(ArrayNode target, ArrayNode patch) {
        for (JsonNode item : patch) {
            String name = item.path("name").asText();
            ObjectNode existing = null;
            for (JsonNode t : target) {
                if (t.path("name").asText().equals(name)) {
                    existing = (ObjectNode) t;
                }
            }
            if (existing == null) {
                target.add(item.deepCopy());
            } else {
                merge(existing, (ObjectNode) item);
            }
        }
    }
}
