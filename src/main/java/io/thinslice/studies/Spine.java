package io.thinslice.studies;

/**
 * A column of vertebrae along z: bodies with a thin cortical shell and cancellous core, 1–2 mm endplates, discs
 * between, the neural arch round the canal (with cord and CSF), a spinous process sloping down and back, and
 * transverse processes. The endplates and the sloping processes change within a few thin slices.
 *
 * @param cy      y of the vertebral bodies' centre, mm
 * @param bodyA   half-width of a body (left–right), mm
 * @param bodyB   half-depth of a body (front–back), mm
 * @param period  height of one vertebra plus disc, mm
 * @param disc    disc height, mm
 * @param phase   z of one disc's centre, mm
 * @param zTop    no spine above this z, mm (the head's cervical spine ends at the skull base)
 */
record Spine(double cy, double bodyA, double bodyB, double period, double disc, double phase, double zTop) {

    void paint(SlicePainter p) {
        double z = p.z();
        if (z > zTop) {
            return;
        }
        double t = (z - phase) / period;
        double local = (t - Math.floor(t)) * period; // 0 at a disc centre
        double toDisc = Math.min(local, period - local);
        double half = disc / 2;
        double bodyOpacity = Smooth.step(half - 0.4, half + 0.4, toDisc);
        double endplate = 1 - Smooth.step(half + 0.8, half + 1.8, toDisc);
        // The bodies are waisted: narrowest half-way between the discs.
        double waist = 1 - 0.05 * StrictMath.sin(Math.PI * Math.max(0, Math.min(1, (local - half) / (period - disc))));
        double a = bodyA * waist;
        double b = bodyB * waist;
        p.ellipse(0, cy, bodyA * 1.04, bodyB * 1.04, 0, Tissue.DISC);
        p.ellipse(0, cy, a, b, 0, Tissue.THIN_CORTEX, bodyOpacity);
        p.ellipse(0, cy, a - 1.2, b - 1.2, 0, Tissue.CANCELLOUS_BONE, bodyOpacity * (1 - endplate));

        double canalA = bodyA * 0.55;
        double canalB = bodyB * 0.55;
        double canalY = cy + bodyB + canalB + 1;
        // Neural arch (pedicles and laminae) over the upper two thirds of each vertebra.
        double archOpacity = Smooth.step(half + 1, half + 3, local) * (1 - Smooth.step(period * 0.7, period * 0.8, local));
        p.ellipse(0, canalY, canalA + 5, canalB + 5, 0, Tissue.THIN_CORTEX, archOpacity);
        p.ellipse(0, canalY, canalA + 3.5, canalB + 3.5, 0, Tissue.CANCELLOUS_BONE, archOpacity);
        // Processes of this vertebra and its neighbours (they reach down past the next disc).
        long level = (long) Math.floor(t);
        for (long l = level - 1; l <= level + 1; l++) {
            double zDisc = phase + l * period;
            double zMid = zDisc + period / 2;
            double sx = canalY + canalB + 3;
            Segment spinous = new Segment(0, sx, zMid + period * 0.25, 0, sx + bodyB * 1.9, zMid - period * 0.45, 3.8);
            p.capsule(spinous, Tissue.THIN_CORTEX);
            p.capsule(spinous, -1.4, Tissue.CANCELLOUS_BONE);
            for (int s = -1; s <= 1; s += 2) {
                Segment transverse = new Segment(s * (canalA + 3), canalY - 2, zMid + period * 0.15,
                        s * (canalA + 3 + bodyA * 1.2), canalY - 4, zMid, 3.8);
                p.capsule(transverse, Tissue.THIN_CORTEX);
                p.capsule(transverse, -1.4, Tissue.CANCELLOUS_BONE);
            }
        }
        p.ellipse(0, canalY, canalA, canalB, 0, Tissue.FLUID);
        p.ellipse(0, canalY - canalB * 0.1, canalA * 0.5, canalB * 0.55, 0, Tissue.NERVE);
    }
}
