package io.thinslice.studies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StudyIdentityTest {

    @Test
    void regionsOfOneSourceOverlapWhenTheirSlicesIntersect() {
        assertTrue(StudyIdentity.overlap("cranium:0-108", "cranium:0-54"));
        assertTrue(StudyIdentity.overlap("cranium:50-60", "cranium:0-54"));
        assertFalse(StudyIdentity.overlap("cranium:54-108", "cranium:0-54"), "the two halves are disjoint");
        assertTrue(StudyIdentity.overlap("cranium", "cranium:0-54"), "no range: the whole source");
        assertFalse(StudyIdentity.overlap("phantom:abdomen:103", "phantom:abdomen:3"));
        assertTrue(StudyIdentity.overlap("phantom:abdomen:103", "phantom:abdomen:103"));
        assertTrue(StudyIdentity.overlap("series:1.2.840.1", "series:1.2.840.1"));
    }

    @Test
    void theProvenanceListParses() {
        assertEquals(List.of("cranium:54-108", "series:1.2.3"), StudyIdentity.parseList(" cranium:54-108 ;series:1.2.3;"));
        assertEquals(List.of(), StudyIdentity.parseList(null));
        assertEquals(List.of("cranium:54-108"), StudyIdentity.overlapping("cranium:60-70", List.of("cranium:54-108", "phantom:head:1")));
    }

    @Test
    void theEvaluationSetIsDisjointFromTheTrainingPhantomsAndTheCraniumHalvesFromEachOther() {
        List<String> training = NamedStudies.names().stream().filter(n -> n.startsWith("train-")).toList();
        assertEquals(16, training.size());
        assertFalse(StudyIdentity.overlap(NamedStudies.identity("cranium-caudal"), NamedStudies.identity("cranium-cranial")));
        assertTrue(StudyIdentity.overlap(NamedStudies.identity("cranium"), NamedStudies.identity("cranium-caudal")));
        for (String eval : NamedStudies.evaluationSet()) {
            if (eval.startsWith("cranium")) {
                continue;
            }
            for (String t : training) {
                assertFalse(StudyIdentity.overlap(NamedStudies.identity(eval), NamedStudies.identity(t)), eval + " vs " + t);
            }
        }
    }
}
