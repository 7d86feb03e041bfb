package io.vdsweep.jobs.cli;

import io.vdsweep.jobs.report.Report;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vdsweep report <results> [--sweep NAME] [--out DIR]}: figures and tables from a results path. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write PNG figures, a Markdown table in the paper's layout and an HTML report from results.")
final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ResultsCommands selection;

    @Option(names = "--out", defaultValue = "report", description = "output folder (${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() throws Exception {
        System.setProperty("java.awt.headless", "true");
        PrintWriter console = spec.commandLine().getOut();
        boolean ownSession = SparkSession.getDefaultSession().isEmpty();   // else embedded: leave it running
        SparkSession session = ResultsCommands.session("vdsweep report");
        try {
            Report report = new Report(session, selection.results);
            for (String name : selection.sweeps(session)) {
                console.println("report: " + report.write(name, out).toAbsolutePath());
            }
            console.flush();
            return 0;
        } finally {
            if (ownSession) {
                session.stop();
            }
        }
    }
}
