package io.vdsweep.jobs.store;

/**
 * The results path cannot be used: unwritable or full storage, a corrupt results file, or another run holding the
 * sweep's lock. The message is one line naming the path and what to do, so a CLI prints it as is (its own exit
 * code: the sweep's input was fine, its storage was not).
 */
public final class ResultsException extends RuntimeException {

    public ResultsException(String message) {
        super(message);
    }

    public ResultsException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The deepest cause's first line: what the storage said (e.g. "No space left on device"). */
    public static String rootProblem(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
