package io.thinslice.synthesis;

import io.thinslice.volume.ThickSeries;
import io.thinslice.volume.Volume;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * How a long series is synthesised in z-slabs, so that memory holds one slab's input and working set whatever the
 * slice count (the input is read slab by slab from a {@link ThickSeries}; the node's reads its spooled files).
 *
 * <p>A series of at most {@code maxSlices} acquired slices is one slab: exactly what the whole-volume
 * {@link Interpolator#interpolate} gives, bit for bit. A longer one is cut into cores of about equal length; each
 * core is synthesised with {@code halo} acquired slices of context on either side (fewer at the series' ends) and
 * only its own output slices are kept. Every slice of the result is computed once, and the cut depends only on the
 * slice count, so a series gives the same pixels every time.
 *
 * <p>Equality with the whole volume: methods whose output slice depends on a bounded neighbourhood of acquired
 * slices (linear, cubic, the axial network) give the same values when the halo covers it. The plane network reads
 * ±7 columns per ×2 level through its convolutions (head, 2 per block, tail), ±12 acquired slices for ×4 with the
 * baseline's taps, so the default halo covers its convolutions; but its channel attention pools each feature map
 * over the whole plane, so a slab's planes see slab means, not series means. Long series therefore differ from a
 * whole-volume run by a small amount (bounded in {@code SlabPlanTest}); a series up to {@code maxSlices} does not.
 *
 * @param maxSlices acquired slices per slab at most, halo included
 * @param halo      acquired slices of context on each side of a core
 */
public record SlabPlan(int maxSlices, int halo) {

    /**
     * The node's plan: 128 acquired slices per slab (every evaluation series and the bench's 60-slice series fit in
     * one, so their pixels are what they were), halo 16 (covers the networks' convolutions at ×4). At 512 × 512 and
     * ×4 one slab's working set is about 4 × 128 float slices of 1 MiB (the last ×2 level's input and its new slices);
     * ×5 to ×8 run a third level, so their slabs hold 64 acquired slices ({@link #slabs(int, int)}) for the same working set.
     */
    public static final SlabPlan DEFAULT = new SlabPlan(128, 16);

    /** One slab: acquired slices [from, to) are read, the output of [coreFrom, coreTo) is kept. */
    public record Slab(int from, int to, int coreFrom, int coreTo) {
    }

    public SlabPlan {
        if (halo < 0 || maxSlices < 2 * halo + 2) {
            throw new IllegalArgumentException("a slab of " + maxSlices + " slices cannot hold a halo of " + halo + " on each side and a core");
        }
    }

    /**
     * The slabs of a series at {@code factor}: above ×4 the networks run a third ×2 level (×5 to ×8, {@link FineGrid}),
     * whose working set per acquired slice is twice the ×4 one, so slabs hold proportionally fewer acquired slices (not
     * below two halos and a core): a slab's memory stays what it is at ×4.
     */
    public List<Slab> slabs(int slices, int factor) {
        int ladder = FineGrid.ladder(factor);
        if (ladder <= 4) {
            return slabs(slices);
        }
        return new SlabPlan(Math.max(2 * halo + 2, maxSlices * 4 / ladder), halo).slabs(slices);
    }

    /** The slabs of a series of {@code slices} acquired slices, in z order. */
    public List<Slab> slabs(int slices) {
        if (slices <= maxSlices) {
            return List.of(new Slab(0, slices, 0, slices));
        }
        int core = maxSlices - 2 * halo;
        int count = (slices + core - 1) / core;
        List<Slab> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int c0 = (int) ((long) slices * i / count);
            int c1 = (int) ((long) slices * (i + 1) / count);
            out.add(new Slab(Math.max(0, c0 - halo), Math.min(slices, c1 + halo), c0, c1));
        }
        return out;
    }

    /**
     * Synthesises {@code thick} at {@code factor} slab by slab with {@code method}, handing the output slices to
     * {@code sink} in order ({@link SliceSink#begin} is the caller's business). Methods that clip to the source's
     * range clip every slab to the whole series' range.
     */
    public void stream(Interpolator method, ThickSeries thick, int factor, SliceSink sink) throws IOException {
        Interpolator.requireFactor(factor);
        float min = thick.minHu();
        float max = thick.maxHu();
        int last = Interpolator.outputSlices(thick.slices(), factor) - 1;
        for (Slab s : slabs(thick.slices(), factor)) {
            Volume slab = thick.read(s.from(), s.to());
            int offset = s.from() * factor;
            int first = s.coreFrom() * factor - offset;
            // the core ends before the next core's first acquired slice; the last core keeps the series' last slice
            int end = Math.min(s.coreTo() * factor, last + 1) - offset;
            method.interpolateSlab(slab, factor, min, max, first, end, new SliceSink() {
                @Override
                public void accept(int i, float[] hu) throws IOException {
                    sink.accept(i + offset, hu);
                }

                @Override
                public void acceptDisagreement(int i, float[] sdHu) throws IOException {
                    sink.acceptDisagreement(i + offset, sdHu); // slab-relative, like accept
                }
            });
        }
    }
}
