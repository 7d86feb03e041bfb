package io.vdsweep.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdsweep.core.eval.Metrics;
import io.vdsweep.jobs.Parquet;
import io.vdsweep.jobs.SharedSpark;
import io.vdsweep.jobs.store.ResultStore;
import io.vdsweep.jobs.run.RunSettings;
import io.vdsweep.jobs.run.SweepDriver;
import io.vdsweep.jobs.store.ResultsException;
import io.vdsweep.sweeps.spec.SweepParser;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report of a real (tiny) sweep: figures are valid PNGs, the table's numbers are the Parquet aggregates. */
class ReportTest {

    private static final String SWEEP = """
            name: reported
            seed: 11
            base:
              dataset: mnist
              architecture: lenet-300-100
              epochs: 1
              batch: 50
              lr: 0.005
              lr_schedule: constant
              kl_schedule: constant:0.5
              ensemble: 2
              train_limit: 300
              test_limit: 200
            grid:
              width: [0.1, 0.2]
              variant: [no-dropout, sparse-vd]
              labels: [true, random]
            repeats: 2
            execution:
              mode: task
            """;

    @TempDir
    static Path dir;

    @BeforeAll
    static void runSweep() {
        StringWriter log = new StringWriter();
        SweepDriver.Outcome outcome = new SweepDriver(SharedSpark.get(), new RunSettings("", ""),
                new PrintWriter(log, true)).run(SweepParser.parse("reported.yaml", SWEEP), dir.resolve("r").toString());
        assertEquals(16, outcome.ok(), log.toString());
    }

    @Test
    void figuresAreValidPngsAndTheTableHoldsTheAggregates() throws Exception {
        Path out = dir.resolve("report");
        Report report = new Report(SharedSpark.get(), dir.resolve("r").toString());
        assertEquals(List.of("reported"), ResultStore.sweeps(SharedSpark.get(), dir.resolve("r").toString()));
        Path md = report.write("reported", out);
        for (String figure : List.of("width-accuracy", "width-sparsity", "layers", "labels", "modes",
                "curve-test-accuracy", "curve-sparsity", "curve-kl-weight")) {
            Path png = out.resolve("reported-" + figure + ".png");
            BufferedImage image = ImageIO.read(png.toFile());
            assertTrue(image != null && image.getWidth() >= 600 && image.getHeight() >= 400, png.toString());
            assertTrue(Files.size(png) > 10_000, png + " has content");
        }
        String text = Files.readString(md);
        List<List<Object>> groups = Parquet.query(dir.resolve("r"), "summary",
                "SELECT variant, width, n, test_acc_mean, test_acc_std, compression_mean FROM {table} "
                        + "WHERE labels = 'true'");
        assertEquals(4, groups.size());
        for (List<Object> g : groups) {
            double mean = ((Number) g.get(3)).doubleValue();
            double std = ((Number) g.get(4)).doubleValue();
            String row = String.format(Locale.ROOT, "| lenet-300-100 | %s | %s | 1 ep, 300 train | 2 | %.2f ± %.2f | ", g.get(0),
                    g.get(1), 100 * (1 - mean), 100 * std);
            assertTrue(text.contains(row), "expected table row starting " + row + " in\n" + text);
            assertTrue(text.contains(" | " + Metrics.compressionText(((Number) g.get(5)).doubleValue()) + " | "), text);
        }
        String html = Files.readString(out.resolve("reported-report.html"));
        assertTrue(html.contains("<table>") && html.contains("src=\"data:image/png;base64,"), "self-contained HTML");
    }

    /**
     * An SBP sweep (started from its plain net, as the authors do) gets the structured table: its rows show the units
     * the trials rows hold (read back with DuckDB) and the published figures beside the full-width MNIST rows.
     */
    @Test
    void sbpSweepReportsUnitsKeptBesideThePublishedTable() throws Exception {
        String sweep = """
                name: structured
                seed: 3
                base:
                  dataset: mnist
                  architecture: lenet-500-300
                  epochs: 1
                  batch: 50
                  lr: 0.005
                  kl_schedule: constant:1
                  ensemble: 2
                  train_limit: 300
                  test_limit: 200
                  pretrain: no-dropout
                grid:
                  variant: [no-dropout, sbp]
                execution:
                  mode: task
                """;
        StringWriter log = new StringWriter();
        Path results = dir.resolve("structured");
        SweepDriver.Outcome outcome = new SweepDriver(SharedSpark.get(), new RunSettings("", ""),
                new PrintWriter(log, true)).run(SweepParser.parse("structured.yaml", sweep), results.toString());
        assertEquals(2, outcome.ok(), log.toString());
        String text = Files.readString(new Report(SharedSpark.get(), results.toString())
                .write("structured", dir.resolve("structured-report")));
        List<List<Object>> rows = Parquet.query(results, "trials", "SELECT variant, "
                + "array_to_string(units_kept, ' – '), flops_reduction, cpu_speedup FROM {table} WHERE status = 'OK' ORDER BY variant");
        assertEquals(2, rows.size());
        for (List<Object> row : rows) {
            String units = (String) row.get(1);
            assertTrue(text.contains("| lenet-500-300 | " + row.get(0) + " | 1.0 | 1 | "), text);
            assertTrue(text.contains(" | " + units + " | "), "units " + units + " in\n" + text);
            assertTrue(((Number) row.get(3)).doubleValue() > 0, "a measured speed-up: " + row);
        }
        assertTrue(text.contains("| 784 – 500 – 300 – 10 | "), "the plain net keeps every unit:\n" + text);
        assertTrue(text.contains("| 245 – 160 – 55 – 10 | 2.33 | 11.23 |"), "published SBP row:\n" + text);
    }

    @Test
    void absentDataIsSkippedWithANoteAndAMissingPathIsAnError() {
        String md = Report.markdown("s", List.of(), List.of(new Figures(dir, "s").layers(List.of())));
        assertTrue(md.contains("- Per-layer sparsity: skipped: no variational layers in this sweep"), md);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ResultStore.sweeps(SharedSpark.get(), dir.resolve("nothing").toString()));
        assertEquals("results: no trials under " + dir.resolve("nothing") + " (run a sweep first)", e.getMessage());
    }

    @Test
    void aSweepWithoutReadableSummaryOrTrialsIsOneLine() throws Exception {
        Path copy = dir.resolve("damaged");
        Path summary = Files.createDirectories(copy.resolve("summary/sweep=reported"));
        Files.createDirectories(copy.resolve("trials/sweep=reported"));
        try (var files = Files.list(dir.resolve("r/summary/sweep=reported"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".parquet")).toList()) {
                byte[] bytes = Files.readAllBytes(f);
                Files.write(summary.resolve(f.getFileName()), java.util.Arrays.copyOf(bytes, bytes.length / 2));
            }
        }
        ResultsException e = assertThrows(ResultsException.class,
                () -> new Report(SharedSpark.get(), copy.toString()).write("reported", dir.resolve("out2")));
        assertTrue(e.getMessage().startsWith("results: sweep reported under " + copy + " has neither a readable "
                + "summary nor trials rows"), e.getMessage());
        assertTrue(e.getMessage().contains("vdsweep doctor"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());

        // With its trials rows, a sweep killed before its summary (or with a damaged one) is reported all the same.
        try (var files = Files.list(dir.resolve("r/trials/sweep=reported"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".parquet")).toList()) {
                Files.copy(f, copy.resolve("trials/sweep=reported").resolve(f.getFileName()));
            }
        }
        String md = Files.readString(new Report(SharedSpark.get(), copy.toString()).write("reported",
                dir.resolve("out3")));
        assertTrue(md.contains("| lenet-300-100 | sparse-vd | 0.2 | 1 ep, 300 train | 2 | "), md);
    }
}
