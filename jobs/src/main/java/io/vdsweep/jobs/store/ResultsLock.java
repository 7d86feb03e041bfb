package io.vdsweep.jobs.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Properties;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * One driver at a time per sweep and results path. Two drivers of the same sweep would both train every trial and
 * both commit it; the lock file {@code _sweeps/NAME/run.lock} (created exclusively: {@code O_EXCL} on local disks,
 * a namenode create on HDFS) makes the second one stop at once with the holder's host, pid and start time.
 *
 * <p>A lock outlives a driver killed with -9. A lock held by a process of this host that no longer exists is
 * taken over with a console note; one from another host can only be broken by the user ({@code --break-lock}),
 * since this driver cannot tell whether that process is alive.
 */
public final class ResultsLock implements AutoCloseable {

    private final FileSystem fs;
    private final Path file;

    private ResultsLock(FileSystem fs, Path file) {
        this.fs = fs;
        this.file = file;
    }

    /** Who holds a lock, as written in its file. */
    record Holder(String host, long pid, String since) {

        static Holder here() {
            return new Holder(hostName(), ProcessHandle.current().pid(), Instant.now().toString());
        }

        boolean goneFromThisHost() {
            return host.equals(hostName()) && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        }

        @Override
        public String toString() {
            return "pid " + pid + " on " + host + " since " + since;
        }
    }

    /** Where the lock of {@code sweep} under the results path {@code root} lives. */
    static Path location(Path root, String sweep) {
        return new Path(ResultsLayout.sweepFolder(root, sweep), "run.lock");
    }

    /** Takes the lock of {@code sweep} under the results path {@code root}, or throws naming its holder. */
    static ResultsLock acquire(FileSystem fs, Path root, String sweep, boolean breakLock, PrintWriter out) {
        Path file = location(root, sweep);
        Holder me = Holder.here();
        for (int tries = 0; tries < 2; tries++) {
            if (create(fs, file, me)) {
                return new ResultsLock(fs, file);
            }
            Holder holder = read(fs, file);
            if (breakLock || holder.goneFromThisHost()) {
                out.printf("results: %s the lock of sweep %s held by %s (%s)%n", breakLock ? "breaking"
                        : "taking over", sweep, holder, breakLock ? "--break-lock" : "that process is gone");
                out.flush();
                delete(fs, file);
                continue;
            }
            throw new ResultsException("results: sweep " + sweep + " is being run into " + root + " by " + holder
                    + " (lock " + file + "); wait for that run, or if it is gone, rerun with --break-lock");
        }
        throw new ResultsException("results: cannot take the lock " + file + ": another run took it meanwhile");
    }

    /** Creates the lock file if it does not exist; false when it does. */
    private static boolean create(FileSystem fs, Path file, Holder me) {
        Properties p = new Properties();
        p.setProperty("host", me.host());
        p.setProperty("pid", Long.toString(me.pid()));
        p.setProperty("since", me.since());
        try {
            fs.mkdirs(file.getParent());
            FileSystem raw = fs instanceof LocalFileSystem local ? local.getRaw() : fs;
            if (raw instanceof RawLocalFileSystem local) {
                // Hadoop's local create(overwrite=false) checks, then creates: O_EXCL is atomic.
                try (OutputStream o = Files.newOutputStream(local.pathToFile(file).toPath(),
                        StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    p.store(o, "vdsweep run lock");
                }
            } else {
                try (OutputStream o = fs.create(file, false)) {
                    p.store(o, "vdsweep run lock");
                }
            }
            return true;
        } catch (FileAlreadyExistsException | org.apache.hadoop.fs.FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            if (exists(fs, file)) {
                return false;
            }
            throw new ResultsException("results: cannot create the lock " + file + ": "
                    + ResultsException.rootProblem(e), e);
        }
    }

    private static Holder read(FileSystem fs, Path file) {
        Properties p = new Properties();
        try (InputStream in = fs.open(file)) {
            p.load(new java.io.InputStreamReader(in, StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            return new Holder("?", -1, "?");   // vanished or unreadable: treated as held elsewhere
        }
        long pid;
        try {
            pid = Long.parseLong(p.getProperty("pid", "-1"));
        } catch (NumberFormatException e) {
            pid = -1;
        }
        return new Holder(p.getProperty("host", "?"), pid, p.getProperty("since", "?"));
    }

    private static boolean exists(FileSystem fs, Path file) {
        try {
            return fs.exists(file);
        } catch (IOException e) {
            return false;
        }
    }

    private static void delete(FileSystem fs, Path file) {
        try {
            fs.delete(file, false);
        } catch (IOException e) {
            throw new ResultsException("results: cannot remove the lock " + file + ": "
                    + ResultsException.rootProblem(e), e);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return ManagementFactory.getRuntimeMXBean().getName().replaceFirst("^\\d+@", "");
        }
    }

    /** Releases the lock. */
    @Override
    public void close() {
        try {
            fs.delete(file, false);
        } catch (IOException e) {
            // the next run on this host sees the lock's process gone and takes it over
        }
    }
}
