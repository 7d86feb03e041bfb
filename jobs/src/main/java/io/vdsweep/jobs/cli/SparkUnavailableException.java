package io.vdsweep.jobs.cli;

/**
 * Spark itself failed the run: the application could not start on its master, or stopped under the driver (master
 * unreachable, application killed). One line naming the master; the sweep resumes when rerun.
 */
final class SparkUnavailableException extends RuntimeException {

    SparkUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
