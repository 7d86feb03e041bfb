package io.vdsweep.core.data;

import java.nio.file.Path;

/**
 * A dataset file that cannot be used: missing, malformed, truncated or failing its checksum.
 * The message is one line that names the file and what is wrong with it, so a CLI can print it as is.
 */
public final class DatasetException extends RuntimeException {

    public DatasetException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public DatasetException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }

    public DatasetException(String message) {
        super(message);
    }
}
