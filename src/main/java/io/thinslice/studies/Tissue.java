package io.thinslice.studies;

/**
 * What a painted shape is made of: a mean HU value and how strongly the two texture fields modulate it.
 *
 * @param hu     mean value, HU
 * @param smooth amplitude (HU, about one standard deviation) of the smooth soft-tissue texture
 * @param ridged amplitude (HU) of the ridged texture: trabecular bone, septa in fat, cerebellar folia
 */
record Tissue(float hu, float smooth, float ridged) {

    static final Tissue AIR = plain(-1000);
    static final Tissue LUNG = new Tissue(-860, 22, 0);
    static final Tissue GROUND_GLASS = new Tissue(-560, 30, 0);
    static final Tissue FAT = new Tissue(-100, 7, 5);
    static final Tissue YELLOW_MARROW = new Tissue(-60, 15, 30);
    static final Tissue FLUID = plain(8);
    static final Tissue BLOOD = new Tissue(45, 2, 0);
    static final Tissue SKIN = new Tissue(45, 5, 0);
    static final Tissue MUSCLE = new Tissue(50, 9, 0);
    static final Tissue NERVE = new Tissue(32, 3, 0);
    static final Tissue TENDON = new Tissue(88, 5, 0);
    static final Tissue CARTILAGE = new Tissue(95, 5, 0);
    static final Tissue DISC = new Tissue(85, 6, 0);
    static final Tissue GREY_MATTER = new Tissue(40, 3, 0);
    static final Tissue DEEP_GREY = new Tissue(36, 3, 0);
    static final Tissue WHITE_MATTER = new Tissue(28, 3, 0);
    static final Tissue CEREBELLUM = new Tissue(42, 3, 7);
    static final Tissue FALX = plain(75);
    static final Tissue SCLERA = plain(60);
    static final Tissue LENS = plain(115);
    // Contrast-enhanced (portal-venous or arterial phase) organs and vessels.
    static final Tissue ARTERY = plain(280);
    static final Tissue VEIN = plain(170);
    static final Tissue MYOCARDIUM = new Tissue(110, 6, 0);
    static final Tissue LIVER = new Tissue(105, 9, 0);
    static final Tissue SPLEEN = new Tissue(115, 11, 0);
    static final Tissue KIDNEY_CORTEX = new Tissue(185, 9, 0);
    static final Tissue KIDNEY_MEDULLA = new Tissue(95, 7, 0);
    static final Tissue PANCREAS = new Tissue(95, 10, 12);
    static final Tissue BOWEL_WALL = new Tissue(100, 8, 0);
    static final Tissue ORAL_CONTRAST = new Tissue(290, 12, 0);
    static final Tissue STOOL = new Tissue(-40, 60, 70);
    // Bone: cortex, cancellous bone with its trabecular texture, skull diploe, the densest bone of the skull base.
    static final Tissue CORTICAL_BONE = new Tissue(1650, 0, 60);
    static final Tissue THIN_CORTEX = new Tissue(900, 0, 40);
    static final Tissue CANCELLOUS_BONE = new Tissue(230, 0, 140);
    static final Tissue DIPLOE = new Tissue(700, 0, 200);
    static final Tissue DENSE_BONE = new Tissue(2100, 0, 50);
    static final Tissue CALCIFICATION = plain(650);
    // Equipment: table skins and head rest (plastic, carbon), table core (foam).
    static final Tissue PLASTIC = plain(180);
    static final Tissue FOAM = plain(-930);

    static Tissue plain(float hu) {
        return new Tissue(hu, 0, 0);
    }

    /** The same tissue, brighter or darker by {@code deltaHu}. */
    Tissue shifted(float deltaHu) {
        return new Tissue(hu + deltaHu, smooth, ridged);
    }
}
