package io.vdsweep.sweeps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdsweep.sweeps.spec.ExecutionSpec;
import io.vdsweep.sweeps.spec.Knob;
import io.vdsweep.sweeps.spec.SearchSpec;
import io.vdsweep.sweeps.spec.SweepFileException;
import io.vdsweep.sweeps.spec.SweepParser;
import io.vdsweep.sweeps.spec.SweepSpec;
import io.vdsweep.sweeps.trials.Trial;
import io.vdsweep.sweeps.trials.TrialCodec;
import io.vdsweep.sweeps.trials.TrialExpansion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SweepParserTest {

    private static final String GOOD = """
            name: demo
            seed: 7
            base:
              dataset: mnist
              epochs: 3
            grid:
              width: [0.5, 1]
              variant: [binary-dropout, sparse-vd]
            seeds: [1, 2]
            execution:
              mode: task
              retries: 2
            output:
              results: file:///tmp/r
            """;

    private static String error(String yaml) {
        return assertThrows(SweepFileException.class, () -> SweepParser.parse("x.yaml", yaml)).getMessage();
    }

    @Test
    void parsesExpandsAndKeepsExplicitApartFromDefaults() {
        SweepSpec spec = SweepParser.parse("x.yaml", GOOD);
        assertEquals("demo", spec.name());
        assertEquals(ExecutionSpec.Mode.TASK, spec.execution().mode());
        assertEquals(2, spec.execution().retries());
        assertEquals("file:///tmp/r", spec.results());
        List<Trial> trials = TrialExpansion.expand(spec);
        assertEquals(8, trials.size());
        assertEquals(8, trials.stream().map(Trial::id).distinct().count());
        assertEquals(4, trials.stream().map(Trial::groupKey).distinct().count());
        assertEquals(3, trials.get(0).config().epochs());
        assertEquals(200, (int) Knob.EPOCHS.defaultValue());
        @SuppressWarnings("unchecked")
        Map<String, Object> resolved = spec.resolved();
        assertEquals(Map.of("dataset", "mnist", "epochs", 3), resolved.get("base"));
        assertTrue(((Map<?, ?>) resolved.get("defaults")).containsKey("lr"));
        assertTrue(!((Map<?, ?>) resolved.get("defaults")).containsKey("width"), "grid axes are not defaults");
    }

    @Test
    void addingAGridPointChangesNoExistingIdOrSeed() {
        List<Trial> before = TrialExpansion.expand(SweepParser.parse("x.yaml", GOOD));
        List<Trial> after = TrialExpansion.expand(SweepParser.parse("x.yaml",
                GOOD.replace("width: [0.5, 1]", "width: [0.25, 0.5, 1]")));
        assertEquals(12, after.size());
        Set<String> afterIds = after.stream().map(t -> t.id() + "/" + t.seed()).collect(Collectors.toSet());
        for (Trial t : before) {
            assertTrue(afterIds.contains(t.id() + "/" + t.seed()), t.label());
        }
        List<Trial> reseeded = TrialExpansion.expand(SweepParser.parse("x.yaml", GOOD.replace("seed: 7", "seed: 8")));
        assertNotEquals(before.get(0).id(), reseeded.get(0).id(), "the sweep seed is part of a trial's identity");
        assertEquals(before.size(), new HashSet<>(before.stream().map(Trial::seed).toList()).size());
    }

    @Test
    void errorsNameFileLineFieldAndValue() {
        assertEquals("x.yaml:7: grid.width: must be > 0, found -0.5",
                error(GOOD.replace("width: [0.5, 1]", "width: [0.5, -0.5]")));
        assertEquals("x.yaml:5: base.epochs: expected epochs > 0, found 'three'",
                error(GOOD.replace("epochs: 3", "epochs: three")));
        assertTrue(error(GOOD.replace("  epochs: 3", "  epoch: 3"))
                .startsWith("x.yaml:5: base.epoch: unknown key, expected one of dataset, architecture"));
        assertEquals("x.yaml:7: grid.width: empty grid axis: give at least one value",
                error(GOOD.replace("width: [0.5, 1]", "width: []")));
        assertEquals("x.yaml:11: execution.mode: must be task, averaging or auto, found sometimes",
                error(GOOD.replace("mode: task", "mode: sometimes")));
        assertTrue(error(GOOD.replace("variant: [binary-dropout, sparse-vd]", "variant: [dropout]"))
                .startsWith("x.yaml:8: grid.variant: unknown variant 'dropout', expected one of no-dropout"));
        assertEquals("x.yaml:1: name: required field is missing", error(GOOD.replace("name: demo\n", "")));
        assertTrue(error("name: [").startsWith("x.yaml: not valid YAML"));
    }

    @Test
    void namesAreSafeFolderNamesAndGridsHaveALimit() {
        for (String bad : new String[] {"..", ".", ".hidden", "-x", "a/b"}) {
            assertTrue(error(GOOD.replace("name: demo", "name: \"" + bad + "\"")).startsWith("x.yaml:1: name: must be 1 "
                    + "to 100 letters, digits, '.', '_' or '-', starting with a letter or digit, found "), bad);
        }
        assertTrue(error(GOOD.replace("name: demo", "name: " + "n".repeat(101))).endsWith("... (101 characters)"));
        String huge = GOOD.replace("seeds: [1, 2]", "repeats: 1000").replace("width: [0.5, 1]",
                "width: [" + String.join(", ", java.util.stream.IntStream.rangeClosed(1, 200)
                        .mapToObj(i -> String.valueOf(i / 100.0)).toList()) + "]");
        assertEquals("x.yaml: grid: width 200 x variant 2 x 1000 replicates expands to more than 100000 trials; "
                + "split the sweep", error(huge));
        assertEquals("x.yaml:5: base.epochs: must be at most 2147483647, found 99999999999",
                error(GOOD.replace("epochs: 3", "epochs: 99999999999")));
        assertEquals("x.yaml:5: base.lr: must be a finite number, found 1e400",
                error(GOOD.replace("epochs: 3", "lr: 1e400")));
    }

    @Test
    void wholeTrialChecksCatchMismatchesAndEmptyLayers() {
        String lenetOnCifar = GOOD.replace("dataset: mnist", "dataset: cifar10");
        assertTrue(error(lenetOnCifar).contains("architecture: lenet-300-100 is defined for 28x28 grayscale inputs"
                + " (mnist, fashion-mnist), found dataset cifar10"), error(lenetOnCifar));
        String tiny = GOOD.replace("width: [0.5, 1]", "width: [0.5, 0.001]");
        assertTrue(error(tiny).endsWith("width: k = 0.001 makes a 300-unit layer of lenet-300-100 empty "
                + "(int(300 * 0.001) = 0)"), error(tiny));
    }

    private static final String SEARCH = GOOD.replace("  retries: 2\n", "  retries: 2\n  checkpoint_dir: /tmp/ckpt\n")
            .replace("  width: [0.5, 1]\n", "  width: [0.5, 1]\n  lr: [0.001, 0.0001]\n")
            .replace("epochs: 3", "epochs: 9") + """
            search:
              metric: test_nll
              rungs: [1, 3]
            """;

    @Test
    void searchDefaultsToTheAxesAStudyDoesNotCompare() {
        SearchSpec search = SweepParser.parse("x.yaml", SEARCH).search().orElseThrow();
        assertEquals(List.of(Knob.LR), search.compete(), "width and variant are study axes");
        assertEquals(false, search.maximize(), "a loss gets better downwards");
        assertEquals(3, search.reduction());
        assertEquals(List.of(1, 3), search.rungs());
        assertEquals(Map.of("metric", "test_nll", "goal", "min", "rungs", List.of(1, 3), "reduction", 3,
                "compete", List.of("lr")), SweepParser.parse("x.yaml", SEARCH).resolved().get("search"));
        SearchSpec asked = SweepParser.parse("x.yaml", SEARCH.replace("rungs: [1, 3]",
                "rungs: [2]\n  goal: max\n  reduction: 2\n  compete: [lr, variant]")).search().orElseThrow();
        assertEquals(List.of(Knob.LR, Knob.VARIANT), asked.compete());
        assertTrue(asked.maximize());
        assertTrue(SweepParser.parse("x.yaml", GOOD).search().isEmpty());
    }

    @Test
    void searchErrorsNameTheField() {
        String metric = error(SEARCH.replace("metric: test_nll", "metric: accuracy"));
        assertTrue(metric.startsWith("x.yaml:18: search.metric: must be one of test_acc, train_acc, test_nll"), metric);
        assertEquals("x.yaml:19: search.rungs: must be ascending epochs > 0, found 1",
                error(SEARCH.replace("rungs: [1, 3]", "rungs: [3, 1]")));
        assertEquals("x.yaml: search.rungs: epoch 9 is not below the 9 epochs of trial "
                + "lenet-300-100/binary-dropout/k=0.5/mnist/labels=true/r1; a rung must leave epochs to continue",
                error(SEARCH.replace("rungs: [1, 3]", "rungs: [1, 9]")));
        assertEquals("x.yaml:19: search.reduction: must be >= 2 (one configuration in n goes on), found 1",
                error(SEARCH.replace("rungs: [1, 3]", "reduction: 1\n  rungs: [1, 3]")));
        assertEquals("x.yaml:19: search.compete: batch is not a grid axis: its values cannot compete",
                error(SEARCH.replace("rungs: [1, 3]", "compete: [batch]\n  rungs: [1, 3]")));
        assertEquals("x.yaml:16: search: no grid axis to search over: the grid's axes are all ones a study compares "
                + "(dataset, architecture, variant, width, labels); name the competing axes in search.compete",
                error(SEARCH.replace("  lr: [0.001, 0.0001]\n", "")));
        assertEquals("x.yaml:16: search: needs execution.checkpoint_dir: the configurations kept at a rung go on "
                + "from their checkpoints", error(SEARCH.replace("  checkpoint_dir: /tmp/ckpt\n", "")));
    }

    /** The authors' VGG-like recipe: the dropout baseline at lr 1e-3, Sparse VD fine-tuned from it at 1e-5. */
    private static final String PER_VARIANT = """
            name: finetune
            base:
              epochs: 3
              lr: 0.00001
              pretrain: binary-dropout
            grid:
              variant: [binary-dropout, sparse-vd]
            per_variant:
              binary-dropout:
                lr: 0.001
            """;

    @Test
    void perVariantSettingsReachTheVariantsTrialsAndItsPretrainingRun() {
        SweepSpec spec = SweepParser.parse("x.yaml", PER_VARIANT);
        List<Trial> trials = TrialExpansion.expand(spec);
        assertEquals(2, trials.size(), "the baseline is the pretraining run: one trial, not two");
        Trial baseline = trials.get(0);
        Trial sparseVd = trials.get(1);
        assertEquals("binary-dropout", baseline.config().variant().id());
        assertEquals(1e-3, baseline.config().lr());
        assertTrue(baseline.keepsModel(), "Sparse VD starts from the baseline's model");
        assertEquals(baseline.id(), sparseVd.pretrainedFrom());
        assertEquals(1e-5, sparseVd.config().lr());
        assertEquals(Map.of("binary-dropout", Map.of("lr", 0.001)), spec.resolved().get("per_variant"));

        Trial sameLr = TrialExpansion.expand(SweepParser.parse("x.yaml",
                PER_VARIANT.substring(0, PER_VARIANT.indexOf("per_variant:")))).get(0);
        assertEquals(1e-5, sameLr.config().lr(), "without per_variant the baseline trains at the base lr");
        assertNotEquals(sameLr.id(), baseline.id());
    }

    @Test
    void perVariantErrorsNameTheField() {
        assertTrue(error(PER_VARIANT.replace("binary-dropout:\n", "dropout:\n")).contains(
                "x.yaml:9: per_variant.dropout: "), error(PER_VARIANT.replace("binary-dropout:\n", "dropout:\n")));
        assertTrue(error(PER_VARIANT.replace("lr: 0.001", "variant: sparse-vd")).contains(
                "per_variant.binary-dropout.variant: a variant's settings cannot change its variant"));
        assertTrue(error(PER_VARIANT.replace("lr: 0.001", "width: 0.5").replace("variant: [binary", "width: [1]\n"
                + "  variant: [binary")).contains("per_variant.binary-dropout.width: is a grid axis"));
        assertTrue(error(PER_VARIANT.replace("binary-dropout:\n    lr", "variance:\n    lr")).contains(
                "per_variant.variance: the sweep runs no variance trial (its variants: binary-dropout, sparse-vd)"));
        assertTrue(error(PER_VARIANT.replace("lr: 0.001", "lr: -1")).contains("per_variant.binary-dropout.lr: "));
    }

    @Test
    void shippedSweepFilesParse() throws IOException {
        Path conf = Path.of("..", "conf");
        try (Stream<Path> files = Files.walk(conf)) {
            List<Path> yamls = files.filter(p -> p.toString().endsWith(".yaml")).toList();
            assertTrue(yamls.size() >= 6, yamls.toString());
            for (Path file : yamls) {
                assertTrue(TrialExpansion.expand(SweepParser.parse(file)).size() > 0, file.toString());
            }
        }
        assertEquals(8, TrialExpansion.expand(SweepParser.parse(conf.resolve("quickstart.yaml"))).size());
    }

    /**
     * Ids (and the seeds hashed from them) are what resume and provenance rest on: these are the quickstart's ids as
     * vdsweep 0.1.0 issued them. A new knob must not change them (it is hashed only where it leaves its default).
     */
    @Test
    void trialIdsStayAsFirstIssued() throws IOException {
        List<Trial> trials = TrialExpansion.expand(SweepParser.parse(Path.of("..", "conf", "quickstart.yaml")));
        Map<String, String> ids = new TreeMap<>();
        trials.forEach(t -> ids.put(t.label(), t.id()));
        assertEquals(Map.of(
                "lenet-300-100/binary-dropout/k=0.5/mnist/labels=true/r0", "2d1b00e702a93976",
                "lenet-300-100/binary-dropout/k=0.5/mnist/labels=random/r0", "6822e0ce561994a9",
                "lenet-300-100/binary-dropout/k=1.0/mnist/labels=true/r0", "577c05eefd66a483",
                "lenet-300-100/binary-dropout/k=1.0/mnist/labels=random/r0", "34ade78fdfaa2aec",
                "lenet-300-100/sparse-vd/k=0.5/mnist/labels=true/r0", "52301a120ca98ada",
                "lenet-300-100/sparse-vd/k=0.5/mnist/labels=random/r0", "ae265c6f2af7b9e0",
                "lenet-300-100/sparse-vd/k=1.0/mnist/labels=true/r0", "446b7767cb55f19c",
                "lenet-300-100/sparse-vd/k=1.0/mnist/labels=random/r0", "8c41aaa7c94e7729"), ids);
        Trial first = trials.get(0);
        assertEquals(first.config(), TrialCodec.of(first).trial().config(), "config_json rebuilds the typed config");
        assertFalse(first.configJson().contains("train_mask"), "knobs added later are left out at their defaults");

        SweepSpec masked = SweepParser.parse("m.yaml", Files.readString(Path.of("..", "conf", "quickstart.yaml"))
                .replace("  ensemble: 5\n", "  ensemble: 5\n  train_mask: true\n  init: normal:0.01\n"));
        Trial changed = TrialExpansion.expand(masked).get(0);
        assertTrue(changed.configJson().contains("\"train_mask\":true") && changed.configJson().contains(
                "\"init\":\"normal:0.01\""), changed.configJson());
        assertNotEquals(first.id(), changed.id(), "and hashed where they leave them");
        assertEquals(changed.config(), TrialCodec.of(changed).trial().config());
    }
}
