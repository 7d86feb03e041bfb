package io.vdsweep.sweeps.schema;

/**
 * One column of a results table.
 *
 * @param name     column name (snake_case)
 * @param type     storage type
 * @param nullable whether the value may be missing (null), e.g. metrics of a failed trial
 * @param doc      what the value means, with its unit
 */
public record Column(String name, Type type, boolean nullable, String doc) {

    /** Storage types, mapped to Spark SQL / Parquet types by the jobs module. */
    public enum Type {
        STRING, INT, LONG, DOUBLE, BOOLEAN, TIMESTAMP, DOUBLE_ARRAY, LONG_ARRAY
    }
}
