package io.thinslice.synthesis;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The weights of the two three-view networks plus their metadata, on the engine's device.
 *
 * <p>On disk a weights directory holds {@value #NAME}{@code -0000.params} (DJL {@code Model.save}) and
 * {@value #NAME}{@code .properties}: architecture sizes, and free-form provenance (training command, data, seed,
 * commit). {@link #version()} is {@code metadata "version"} when set, otherwise {@code sha-} and the first 12 hex
 * digits of the SHA-256 of the parameters, so that other weights always give another version.
 */
public final class ThreeViewWeights implements AutoCloseable {

    /** Model name; file prefix of the saved weights. */
    public static final String NAME = "three-view";
    /** Class-path directory of the default weights. */
    public static final String DEFAULT_RESOURCE = "/io/thinslice/synthesis/weights/";

    private final Model model;
    private final ThreeViewNetwork network;
    private final ThreeViewArchitecture architecture;
    private final Map<String, String> metadata = new TreeMap<>();
    private String parameterHash;

    private ThreeViewWeights(ThreeViewArchitecture architecture) {
        this.architecture = architecture;
        this.network = new ThreeViewNetwork(architecture);
        this.model = Model.newInstance(NAME, TorchRuntime.device(), "PyTorch");
        model.setBlock(network);
    }

    /** Fresh, randomly initialised weights; the same seed gives the same weights. */
    public static ThreeViewWeights initialise(ThreeViewArchitecture architecture, long seed) {
        return TorchRuntime.exclusive(() -> {
            TorchRuntime.engine().setRandomSeed((int) seed);
            ThreeViewWeights w = new ThreeViewWeights(architecture);
            w.network.initializeFor(w.model.getNDManager(), architecture.axialUnshuffle());
            w.metadata.put("seed", Long.toString(seed));
            return w;
        });
    }

    /** Loads weights saved by {@link #save}. */
    public static ThreeViewWeights load(Path dir) throws IOException {
        Map<String, String> meta = readProperties(dir.resolve(NAME + ".properties"));
        ThreeViewWeights w = new ThreeViewWeights(ThreeViewArchitecture.fromProperties(meta));
        try {
            w.model.load(dir, NAME);
        } catch (MalformedModelException e) {
            w.close();
            throw new IOException(dir + ": malformed weights: " + e.getMessage(), e);
        }
        w.metadata.putAll(meta);
        return w;
    }

    /** Loads the weights shipped on the class path under {@link #DEFAULT_RESOURCE}. */
    public static ThreeViewWeights loadDefault() throws IOException {
        Path tmp = Files.createTempDirectory("thinslice-weights");
        try {
            for (String file : new String[] {NAME + "-0000.params", NAME + ".properties"}) {
                try (InputStream in = ThreeViewWeights.class.getResourceAsStream(DEFAULT_RESOURCE + file)) {
                    if (in == null) {
                        throw new IOException("no default three-view weights on the class path (" + DEFAULT_RESOURCE + file + ")");
                    }
                    Files.copy(in, tmp.resolve(file), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return load(tmp);
        } finally {
            try (var files = Files.list(tmp)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(tmp);
        }
    }

    /** Saves parameters and metadata (including the current {@link #version()}) into {@code dir}. */
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        TorchRuntime.exclusive(() -> {
            try {
                model.save(dir, NAME);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return null;
        });
        Map<String, String> all = new TreeMap<>(metadata);
        all.putAll(architecture.toProperties());
        all.put("version", version());
        all.put("parameters", Long.toString(parameterCount()));
        Properties p = new Properties();
        p.putAll(all);
        try (Writer out = Files.newBufferedWriter(dir.resolve(NAME + ".properties"), StandardCharsets.UTF_8)) {
            p.store(out, "ThinSlice three-view weights");
        }
    }

    /** An independent copy (same parameters and metadata), e.g. to fine-tune without touching these weights. */
    public ThreeViewWeights copy() {
        return TorchRuntime.exclusive(() -> {
            try {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                network.saveParameters(new DataOutputStream(bytes));
                ThreeViewWeights w = new ThreeViewWeights(architecture);
                w.network.loadParameters(w.model.getNDManager(),
                        new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
                w.metadata.putAll(metadata);
                w.parameterHash = parameterHash;
                return w;
            } catch (IOException | MalformedModelException e) {
                throw new IllegalStateException("cannot copy weights: " + e.getMessage(), e);
            }
        });
    }

    /** Metadata "version" if set, otherwise {@code sha-} + 12 hex digits of the parameters' SHA-256. */
    public String version() {
        String v = metadata.get("version");
        if (v != null) {
            return v;
        }
        if (parameterHash == null) {
            parameterHash = TorchRuntime.exclusive(this::hashParameters);
        }
        return "sha-" + parameterHash;
    }

    public ThreeViewArchitecture architecture() {
        return architecture;
    }

    /** Provenance entries (copy). */
    public Map<String, String> metadata() {
        return new LinkedHashMap<>(metadata);
    }

    /** Sets a provenance entry; {@code version} overrides the hash-based version. */
    public void putMetadata(String key, String value) {
        metadata.put(key, value);
    }

    /** Number of scalar parameters of both networks. */
    public long parameterCount() {
        return count(network.axial()) + count(network.plane());
    }

    public long axialParameterCount() {
        return count(network.axial());
    }

    public long planeParameterCount() {
        return count(network.plane());
    }

    /** Multiply-adds of the axial network per synthesised voxel. */
    public long axialMacsPerOutputVoxel() {
        return AxialSliceModel.macsPerOutputVoxel(architecture);
    }

    /** Multiply-adds of the coronal/sagittal network per synthesised voxel (per orientation). */
    public long planeMacsPerOutputVoxel() {
        return PlaneModel.macsPerOutputVoxel(architecture);
    }

    ThreeViewNetwork network() {
        return network;
    }

    Model model() {
        return model;
    }

    /** Marks the parameters changed (after training): the hash-based version is recomputed. */
    void parametersChanged() {
        parameterHash = null;
        metadata.remove("version");
    }

    void setTrainable(boolean trainable) {
        for (Pair<String, Parameter> p : network.getParameters()) {
            p.getValue().getArray().setRequiresGradient(trainable);
        }
    }

    private static long count(ai.djl.nn.Block block) {
        long n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            n += p.getValue().getArray().size();
        }
        return n;
    }

    private String hashParameters() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Pair<String, Parameter> p : network.getParameters()) {
                sha.update(p.getKey().getBytes(StandardCharsets.UTF_8));
                NDArray a = p.getValue().getArray();
                sha.update(a.toByteArray());
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> readProperties(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        Map<String, String> out = new TreeMap<>();
        for (String k : p.stringPropertyNames()) {
            out.put(k, p.getProperty(k));
        }
        return out;
    }

    @Override
    public void close() {
        model.close();
    }
}
