package io.vdsweep.sweeps.spec;

/**
 * A sweep file that cannot be used. The message is one line: {@code file:line: field: problem, found value}.
 */
public final class SweepFileException extends RuntimeException {

    public SweepFileException(String file, int line, String field, String problem) {
        super(file + ":" + line + ": " + field + ": " + problem);
    }

    public SweepFileException(String message) {
        super(message);
    }
}
