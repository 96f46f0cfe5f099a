package io.thinslice.studies;

/** Separable in-plane Gaussian blur of one slice, edges extended (so a uniform slice stays uniform). */
final class Blur {

    private Blur() {
    }

    /**
     * Blurs the {@code rows} × {@code columns} slice at {@code offset} of {@code data} in place with a Gaussian of
     * {@code sigmaPx}; {@code scratch} must hold one slice (its first {@code rows × columns} entries are used).
     */
    static void gaussian(float[] data, int offset, int rows, int columns, double sigmaPx, float[] scratch) {
        int radius = (int) Math.ceil(3 * sigmaPx);
        float[] w = new float[radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            sum += Math.exp(-0.5 * i * i / (sigmaPx * sigmaPx));
        }
        for (int i = 0; i <= radius; i++) {
            w[i] = (float) (Math.exp(-0.5 * i * i / (sigmaPx * sigmaPx)) / sum);
        }
        // Along each row through an edge-extended copy, into scratch.
        float[] padded = new float[columns + 2 * radius];
        for (int r = 0; r < rows; r++) {
            int base = offset + r * columns;
            System.arraycopy(data, base, padded, radius, columns);
            for (int k = 0; k < radius; k++) {
                padded[k] = data[base];
                padded[radius + columns + k] = data[base + columns - 1];
            }
            int o = r * columns;
            for (int c = 0; c < columns; c++) {
                int m = c + radius;
                float s = w[0] * padded[m];
                for (int k = 1; k <= radius; k++) {
                    s += w[k] * (padded[m - k] + padded[m + k]);
                }
                scratch[o + c] = s;
            }
        }
        // Down each column, a whole row at a time (rows beyond the edges repeat the edge rows).
        for (int r = 0; r < rows; r++) {
            int o = offset + r * columns;
            int centre = r * columns;
            for (int c = 0; c < columns; c++) {
                data[o + c] = w[0] * scratch[centre + c];
            }
            for (int k = 1; k <= radius; k++) {
                int up = Math.max(0, r - k) * columns;
                int down = Math.min(rows - 1, r + k) * columns;
                float wk = w[k];
                for (int c = 0; c < columns; c++) {
                    data[o + c] += wk * (scratch[up + c] + scratch[down + c]);
                }
            }
        }
    }
}
