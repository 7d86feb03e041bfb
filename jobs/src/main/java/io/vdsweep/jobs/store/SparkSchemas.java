package io.vdsweep.jobs.store;

import io.vdsweep.sweeps.schema.Column;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The {@code ResultSchema} columns as Spark SQL types. */
final class SparkSchemas {

    private SparkSchemas() {
    }

    static DataType type(Column.Type type) {
        return switch (type) {
            case STRING -> DataTypes.StringType;
            case INT -> DataTypes.IntegerType;
            case LONG -> DataTypes.LongType;
            case DOUBLE -> DataTypes.DoubleType;
            case BOOLEAN -> DataTypes.BooleanType;
            case TIMESTAMP -> DataTypes.TimestampType;
            case DOUBLE_ARRAY -> DataTypes.createArrayType(DataTypes.DoubleType, false);
            case LONG_ARRAY -> DataTypes.createArrayType(DataTypes.LongType, false);
        };
    }

    /** The struct of {@code columns} without {@code sweep}, which the partition folder ({@code sweep=NAME}) holds. */
    static StructType fileSchema(List<Column> columns) {
        List<StructField> fields = new ArrayList<>();
        for (Column c : columns) {
            if (!c.name().equals("sweep")) {
                fields.add(DataTypes.createStructField(c.name(), type(c.type()), c.nullable()));
            }
        }
        return DataTypes.createStructType(fields);
    }

    /**
     * The schema results files are read with: every current column, all nullable, so files written before a column
     * existed (a sweep resumed after an upgrade) read it as null instead of failing the table.
     */
    static StructType readSchema(List<Column> columns) {
        List<StructField> fields = new ArrayList<>();
        for (StructField f : fileSchema(columns).fields()) {
            fields.add(DataTypes.createStructField(f.name(), f.dataType(), true));
        }
        return DataTypes.createStructType(fields);
    }
}
