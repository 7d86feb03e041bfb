package io.vdsweep.jobs.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Types;

/**
 * Reads a few flat columns of results files with parquet-hadoop, no Spark: what a no-op resume needs (trial ids and
 * statuses, the summary's headline columns) in a fraction of Spark's start-up. Only the named columns are decoded;
 * a file that lacks one of them is an {@link IOException} (the caller then takes the Spark path).
 */
final class ParquetRowsReader {

    private ParquetRowsReader() {
    }

    /**
     * The rows of {@code files}, each a map from column name to a String, Integer, Long, Double or Boolean (null when
     * missing), in file order.
     */
    static List<Map<String, Object>> read(FileSystem fs, List<FileStatus> files, List<String> columns)
            throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (FileStatus file : files) {
            HadoopInputFile input = HadoopInputFile.fromStatus(file, fs.getConf());
            MessageType projection;
            try (org.apache.parquet.hadoop.ParquetFileReader footer =
                    org.apache.parquet.hadoop.ParquetFileReader.open(input)) {
                projection = project(footer.getFooter().getFileMetaData().getSchema(), columns, file);
            }
            Configuration conf = new Configuration(fs.getConf());
            conf.set(ReadSupport.PARQUET_READ_SCHEMA, projection.toString());
            try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), file.getPath())
                    .withConf(conf).build()) {
                for (Group g = reader.read(); g != null; g = reader.read()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (String c : columns) {
                        row.put(c, value(g, c, projection.getType(c).asPrimitiveType()));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    private static MessageType project(MessageType schema, List<String> columns, FileStatus file) throws IOException {
        Types.MessageTypeBuilder projection = Types.buildMessage();
        for (String c : columns) {
            if (!schema.containsField(c) || !schema.getType(c).isPrimitive()) {
                throw new IOException(file.getPath() + " has no flat column " + c);
            }
            projection.addField(schema.getType(c));
        }
        return projection.named(schema.getName());
    }

    private static Object value(Group g, String column, PrimitiveType type) {
        if (g.getFieldRepetitionCount(column) == 0) {
            return null;
        }
        return switch (type.getPrimitiveTypeName()) {
            case BINARY -> g.getString(column, 0);
            case INT32 -> g.getInteger(column, 0);
            case INT64 -> g.getLong(column, 0);
            case DOUBLE -> g.getDouble(column, 0);
            case BOOLEAN -> g.getBoolean(column, 0);
            default -> throw new IllegalArgumentException(column + ": " + type + " is not read here");
        };
    }
}
