package io.thinslice.studies;

/** The body regions that {@link BodyPhantomGenerator} can draw. */
public enum BodyPart {
    /** Skull, brain, ventricles, orbits, sinuses and skull base. */
    HEAD(250),
    /** Lungs with vessel and airway trees and nodules, heart, great vessels, spine, ribs. */
    CHEST(400),
    /** Liver, spleen, kidneys, pancreas, bowel, great vessels, lumbar spine, abdominal wall. */
    ABDOMEN(400),
    /** Distal femur, patella, proximal tibia and fibula, the joint space, thigh and calf muscles. */
    KNEE(180);

    private final double fieldOfViewMm;

    BodyPart(double fieldOfViewMm) {
        this.fieldOfViewMm = fieldOfViewMm;
    }

    /** A field of view (mm, side of the square) that holds this part with some air around, as a scanner would use. */
    public double fieldOfViewMm() {
        return fieldOfViewMm;
    }
}
