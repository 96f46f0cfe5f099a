package io.thinslice.eval;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntUnaryOperator;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;

/**
 * Writes an {@link EvaluationRun.Outcome} to a folder: {@code report.md} (protocol, one results table per study,
 * pictures), {@code results.csv} (the same numbers, machine-readable) and {@code images/*.png}.
 *
 * <p>Pictures, one PNG strip per case and orientation, left to right: truth, cubic, the featured method, |cubic −
 * truth|, |featured − truth|. The featured method is the one asked for, else {@value EvaluationRun#FUSED} when it
 * was measured, else the method other than cubic with the best synthesised-slice PSNR in that case. Images use a
 * fixed HU window (default [−1000, 1000] HU, black to white), error maps a "hot" colour scale (black, red,
 * yellow, white) from 0 to a fixed error (default 200 HU), the same for every method so strips compare. The axial
 * picture is a synthesised slice; the coronal picture (highest z on top) is stretched along z to the physical aspect ratio (each thin
 * slice shown as a band of {@code sliceSpacing / columnSpacing} pixels, nearest neighbour, so no display smoothing
 * hides how a method fills the gaps). Small images are enlarged by an integer factor to at least 256 px wide.
 * Only {@link ImageIO} and {@link BufferedImage} are used; nothing is displayed.
 */
public final class EvaluationReport {

    private static final int GAP = 4;
    private static final int MIN_WIDTH = 256;

    private final double windowLowHu;
    private final double windowHighHu;
    private final double errorMaxHu;
    private final String featured;

    /**
     * @param windowLowHu  HU shown black
     * @param windowHighHu HU shown white
     * @param errorMaxHu   absolute error, HU, shown white in error maps
     * @param featured     method to feature in pictures, or null to choose as described above
     */
    public EvaluationReport(double windowLowHu, double windowHighHu, double errorMaxHu, String featured) {
        if (!(windowHighHu > windowLowHu) || !(errorMaxHu > 0)) {
            throw new IllegalArgumentException("window must be low < high and the error scale positive");
        }
        this.windowLowHu = windowLowHu;
        this.windowHighHu = windowHighHu;
        this.errorMaxHu = errorMaxHu;
        this.featured = featured;
    }

    /** Window [−1000, 1000] HU, error scale 200 HU, featured method chosen automatically. */
    public static EvaluationReport defaults() {
        return new EvaluationReport(-1000, 1000, 200, null);
    }

    /**
     * Writes report.md, results.csv and images/ under {@code dir} (created if needed).
     *
     * @return the path of report.md
     */
    public Path write(EvaluationRun.Outcome outcome, Path dir) throws IOException {
        return write(outcome, dir, List.of());
    }

    /**
     * As {@link #write(EvaluationRun.Outcome, Path)}, with lines saying how the run was made (command, date,
     * machine, method versions) at the head of the report, so a regenerated report keeps its provenance.
     */
    public Path write(EvaluationRun.Outcome outcome, Path dir, List<String> runLines) throws IOException {
        Path images = dir.resolve("images");
        Files.createDirectories(images);
        StringBuilder md = new StringBuilder();
        md.append("# ThinSlice evaluation\n\n");
        if (!runLines.isEmpty()) {
            md.append("Run:\n\n");
            runLines.forEach(l -> md.append("- ").append(l).append('\n'));
            md.append('\n');
        }
        protocol(md);
        Set<String> studies = new LinkedHashSet<>();
        outcome.results().forEach(r -> studies.add(r.study()));
        if (!outcome.studies().isEmpty()) {
            md.append("Studies:\n\n");
            outcome.studies().forEach(d -> md.append("- ").append(d).append('\n'));
            md.append('\n');
        }
        summary(md, outcome.results(), studies);
        for (String study : studies) {
            md.append("## Results: ").append(study).append("\n\n");
            table(md, outcome.results().stream().filter(r -> r.study().equals(study)).toList());
        }
        for (EvaluationRun.CasePlanes p : outcome.planes()) {
            pictures(md, p, outcome.results(), images);
        }
        Path report = dir.resolve("report.md");
        Files.writeString(report, md.toString(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("results.csv"), csv(outcome.results()), StandardCharsets.UTF_8);
        return report;
    }

    private void protocol(StringBuilder md) {
        md.append("Protocol (docs/method.md, \"Evaluation protocol\"):\n\n")
                .append("- HU clipped to [-1024, 3072] and scaled by (HU + 1024) / 4096 before every metric.\n")
                .append("- Thick volumes: *decimate xs* keeps every s-th thin slice; *slab xs* averages a slab of s thin "
                        + "spacings centred on each kept slice (s = 2: weights 1/4 1/2 1/4; s = 4: 1/8 1/4 1/4 1/4 1/8). "
                        + "The truth is the thin slices from the first to the last thick slice, aligned 1:1 with the output.\n")
                .append("- PSNR (peak 1), dB, over the whole volume and over the synthesised slices only (output index not "
                        + "a multiple of s). In decimate mode the acquired slices "
                        + "are the truth's own, so they are exact in \"all\"; in slab mode they are slab means and are "
                        + "scored against the thin slice at their centre.\n")
                .append("- SSIM: Gaussian window 11, sigma 1.5, C1 = 0.01^2, C2 = 0.03^2, data range 1, valid window "
                        + "positions; mean over all 2D planes of one orientation (\"ax. synth.\": axial planes of "
                        + "synthesised slices only).\n")
                .append("- Time: wall time of the interpolation alone, s, after one untimed warm-up per method.\n\n");
    }

    /**
     * One row per study and case: the better classical method, every other method's PSNR over the synthesised slices
     * as a gain over it, and for the guarded method what it chose against what the truth would have chosen (the best
     * of linear, cubic and the adapted model, which is what the guard's model branch outputs).
     */
    static void summary(StringBuilder md, List<EvaluationRun.Result> results, Set<String> studies) {
        List<String> learned = new java.util.ArrayList<>();
        for (EvaluationRun.Result r : results) {
            if (!r.method().equals("linear") && !r.method().equals("cubic") && !learned.contains(r.method())) {
                learned.add(r.method());
            }
        }
        if (learned.isEmpty()) {
            return;
        }
        boolean guarded = results.stream().anyMatch(r -> r.choice() != null);
        md.append("## Summary: gain over the better classical method\n\n")
                .append("PSNR over the synthesised slices, dB; each method as a gain over the better of linear and cubic in "
                        + "the same case.");
        if (guarded) {
            md.append(" *Guard*: what the node's guarded method chose for the case; *truth*: the best of linear, cubic "
                    + "and `" + EvaluationRun.ADAPTED + "` (the guard's model branch) against the thin truth.");
        }
        md.append("\n\n| study | case | best classical | ");
        learned.forEach(m -> md.append('`').append(m).append("` | "));
        StringBuilder align = new StringBuilder("|---|---|---|");
        learned.forEach(m -> align.append("---:|"));
        if (guarded) {
            md.append("guard | truth |");
            align.append("---|---|");
        }
        md.append('\n').append(align).append('\n');
        int agree = 0;
        int cases = 0;
        double worst = Double.POSITIVE_INFINITY;
        for (String study : studies) {
            Map<String, List<EvaluationRun.Result>> byCase = new java.util.LinkedHashMap<>();
            results.stream().filter(r -> r.study().equals(study))
                    .forEach(r -> byCase.computeIfAbsent(r.simulation().label(), k -> new java.util.ArrayList<>()).add(r));
            for (Map.Entry<String, List<EvaluationRun.Result>> e : byCase.entrySet()) {
                Map<String, EvaluationRun.Result> by = new java.util.HashMap<>();
                e.getValue().stream().filter(r -> !r.failed()).forEach(r -> by.put(r.method(), r));
                EvaluationRun.Result lin = by.get("linear");
                EvaluationRun.Result cub = by.get("cubic");
                if (lin == null || cub == null) {
                    continue;
                }
                EvaluationRun.Result best = psnr(lin) >= psnr(cub) ? lin : cub;
                md.append("| ").append(study).append(" | ").append(e.getKey()).append(" | ").append(best.method()).append(' ')
                        .append(db(psnr(best))).append(" | ");
                for (String m : learned) {
                    EvaluationRun.Result r = by.get(m);
                    md.append(r == null ? "–" : String.format(Locale.ROOT, "%+.2f", psnr(r) - psnr(best))).append(" | ");
                }
                if (guarded) {
                    EvaluationRun.Result g = e.getValue().stream().filter(r -> r.choice() != null).findFirst().orElse(null);
                    EvaluationRun.Result adapted = by.get(EvaluationRun.ADAPTED);
                    String truth = adapted != null && psnr(adapted) > psnr(best) ? "model" : best.method();
                    String chose = g == null ? "–" : g.choice().startsWith("three-view") ? "model" : g.choice();
                    md.append(chose).append(" | ").append(adapted == null ? "–" : truth).append(" |");
                    if (g != null && adapted != null) {
                        cases++;
                        agree += chose.equals(truth) ? 1 : 0;
                        worst = Math.min(worst, psnr(g) - psnr(best));
                    }
                }
                md.append('\n');
            }
        }
        md.append('\n');
        if (cases > 0) {
            md.append(String.format(Locale.ROOT, "Guard: chose as the truth would have in %d of %d cases; the guarded method's "
                    + "lowest gain over the better classical method: %+.2f dB.%n%n", agree, cases, worst));
        }
    }

    private static double psnr(EvaluationRun.Result r) {
        return r.scores().psnrSynthesised();
    }

    private static void table(StringBuilder md, List<EvaluationRun.Result> results) {
        md.append("| case | method | PSNR all (dB) | PSNR synth. (dB) | SSIM axial | SSIM ax. synth. | SSIM coronal "
                + "| SSIM sagittal | time (s) |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (EvaluationRun.Result r : results) {
            md.append("| ").append(r.simulation().label()).append(" | ").append(r.method()).append(" | ");
            if (r.failed()) {
                md.append("failed: ").append(r.error().replace('|', '/').replace('\n', ' ')).append(" | | | | | | |\n");
                continue;
            }
            Metrics.Scores s = r.scores();
            md.append(db(s.psnrAll())).append(" | ").append(db(s.psnrSynthesised())).append(" | ")
                    .append(ssim(s.ssimAxial())).append(" | ").append(ssim(s.ssimAxialSynthesised())).append(" | ")
                    .append(ssim(s.ssimCoronal())).append(" | ").append(ssim(s.ssimSagittal())).append(" | ")
                    .append(String.format(Locale.ROOT, "%.3f", r.seconds())).append(" |\n");
        }
        md.append('\n');
    }

    private void pictures(StringBuilder md, EvaluationRun.CasePlanes p, List<EvaluationRun.Result> results, Path images)
            throws IOException {
        List<EvaluationRun.Result> ok = results.stream()
                .filter(r -> r.study().equals(p.study()) && r.simulation().equals(p.simulation()) && !r.failed())
                .toList();
        String shown = featuredMethod(ok);
        List<String> methods = new ArrayList<>();
        if (p.axial().containsKey("cubic")) {
            methods.add("cubic");
        }
        if (shown != null && !methods.contains(shown)) {
            methods.add(shown);
        }
        String base = slug(p.study() + "-" + p.simulation().mode().label() + "-x" + p.simulation().factor());
        String axialFile = base + "-axial.png";
        String coronalFile = base + "-coronal.png";
        int up = Math.max(1, (MIN_WIDTH + p.columns() - 1) / p.columns());
        write(strip(p.axial(), methods, p.rows(), p.columns(), up, up * p.rowSpacingMm() / p.columnSpacingMm()),
                images.resolve(axialFile));
        write(strip(flipRows(p.coronal(), p.slices(), p.columns()), methods, p.slices(), p.columns(), up,
                up * p.sliceSpacingMm() / p.columnSpacingMm()), images.resolve(coronalFile));
        String order = "truth | " + String.join(" | ", methods) + " | "
                + methods.stream().map(m -> "abs(" + m + " - truth)").collect(Collectors.joining(" | "));
        md.append("## Pictures: ").append(p.study()).append(", ").append(p.simulation().label()).append("\n\n")
                .append(String.format(Locale.ROOT, "Left to right: %s. Window [%.0f, %.0f] HU; error 0 (black) to %.0f HU "
                        + "(white).%n%n", order, windowLowHu, windowHighHu, errorMaxHu))
                .append(String.format(Locale.ROOT, "Axial slice %d of %d (synthesised):%n%n", p.axialSlice(), p.slices()))
                .append("![axial ").append(base).append("](images/").append(axialFile).append(")\n\n")
                .append(String.format(Locale.ROOT, "Coronal plane at row %d, last slice (highest z, "
                        + "superior) at the top, stretched to %.3g mm slices / %.3g mm columns:%n%n", p.coronalRow(), p.sliceSpacingMm(),
                        p.columnSpacingMm()))
                .append("![coronal ").append(base).append("](images/").append(coronalFile).append(")\n\n");
    }

    /** Planes with their rows in reverse order (so that higher z is drawn on top). */
    private static Map<String, float[]> flipRows(Map<String, float[]> planes, int height, int width) {
        Map<String, float[]> out = new LinkedHashMap<>();
        planes.forEach((name, v) -> {
            float[] f = new float[v.length];
            for (int r = 0; r < height; r++) {
                System.arraycopy(v, r * width, f, (height - 1 - r) * width, width);
            }
            out.put(name, f);
        });
        return out;
    }

    /** The method the pictures feature besides cubic, among methods that succeeded. */
    String featuredMethod(List<EvaluationRun.Result> ok) {
        if (featured != null && ok.stream().anyMatch(r -> r.method().equals(featured))) {
            return featured;
        }
        if (ok.stream().anyMatch(r -> r.method().equals(EvaluationRun.FUSED))) {
            return EvaluationRun.FUSED;
        }
        return ok.stream().filter(r -> !r.method().equals("cubic"))
                .max(Comparator.comparingDouble(r -> r.scores().psnrSynthesised()))
                .map(EvaluationRun.Result::method).orElse(null);
    }

    /**
     * Truth, each method, then each method's error, side by side.
     *
     * @param xScale horizontal enlargement (integer)
     * @param yScale vertical pixels per plane row (any positive number; nearest neighbour)
     */
    BufferedImage strip(Map<String, float[]> planes, List<String> methods, int height, int width, int xScale,
                        double yScale) {
        int panelWidth = width * xScale;
        int panelHeight = Math.max(1, (int) Math.round(height * yScale));
        int panels = 1 + 2 * methods.size();
        BufferedImage img = new BufferedImage(panels * panelWidth + (panels - 1) * GAP, panelHeight,
                BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                img.setRGB(x, y, 0xffffff);
            }
        }
        float[] truth = planes.get("truth");
        int panel = 0;
        paint(img, panel++, panelWidth, panelHeight, height, width, i -> gray(truth[i]));
        for (String m : methods) {
            float[] v = planes.get(m);
            paint(img, panel++, panelWidth, panelHeight, height, width, i -> gray(v[i]));
        }
        for (String m : methods) {
            float[] v = planes.get(m);
            paint(img, panel++, panelWidth, panelHeight, height, width, i -> hot(Math.abs(v[i] - truth[i])));
        }
        return img;
    }

    private static void paint(BufferedImage img, int panel, int panelWidth, int panelHeight, int height, int width,
                              IntUnaryOperator colour) {
        int x0 = panel * (panelWidth + GAP);
        for (int y = 0; y < panelHeight; y++) {
            int r = Math.min(height - 1, (int) ((y + 0.5) * height / panelHeight));
            for (int x = 0; x < panelWidth; x++) {
                int c = Math.min(width - 1, (int) ((x + 0.5) * width / panelWidth));
                img.setRGB(x0 + x, y, colour.applyAsInt(r * width + c));
            }
        }
    }

    int gray(float hu) {
        double t = (hu - windowLowHu) / (windowHighHu - windowLowHu);
        int g = (int) Math.round(255 * Math.max(0, Math.min(1, t)));
        return g << 16 | g << 8 | g;
    }

    int hot(double errorHu) {
        double t = Math.max(0, Math.min(1, errorHu / errorMaxHu));
        int r = (int) Math.round(255 * Math.min(1, 3 * t));
        int g = (int) Math.round(255 * Math.max(0, Math.min(1, 3 * t - 1)));
        int b = (int) Math.round(255 * Math.max(0, Math.min(1, 3 * t - 2)));
        return r << 16 | g << 8 | b;
    }

    private static void write(BufferedImage img, Path file) throws IOException {
        if (!ImageIO.write(img, "png", file.toFile())) {
            throw new IOException("no PNG writer in this JDK");
        }
    }

    private static String csv(List<EvaluationRun.Result> results) {
        StringBuilder s = new StringBuilder("study,mode,factor,method,version,psnr_all_db,psnr_synth_db,ssim_axial,"
                + "ssim_axial_synth,ssim_coronal,ssim_sagittal,seconds,error,choice\n");
        for (EvaluationRun.Result r : results) {
            s.append(quote(r.study())).append(',').append(r.simulation().mode().label()).append(',')
                    .append(r.simulation().factor()).append(',').append(quote(r.method())).append(',')
                    .append(quote(r.version())).append(',');
            if (r.failed()) {
                s.append(",,,,,,,").append(quote(r.error())).append(",\n");
                continue;
            }
            Metrics.Scores m = r.scores();
            for (double v : new double[] {m.psnrAll(), m.psnrSynthesised(), m.ssimAxial(), m.ssimAxialSynthesised(),
                    m.ssimCoronal(), m.ssimSagittal(), r.seconds()}) {
                s.append(Double.isInfinite(v) ? "inf" : String.format(Locale.ROOT, "%.6f", v)).append(',');
            }
            s.append(',').append(r.choice() == null ? "" : quote(r.choice())).append('\n');
        }
        return s.toString();
    }

    private static String quote(String v) {
        return v.contains(",") || v.contains("\"") || v.contains("\n") ? '"' + v.replace("\"", "\"\"") + '"' : v;
    }

    private static String db(double v) {
        return Double.isInfinite(v) ? "∞" : Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String ssim(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String slug(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]+", "-");
    }
}
