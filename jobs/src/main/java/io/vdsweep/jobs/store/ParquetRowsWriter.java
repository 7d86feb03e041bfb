package io.vdsweep.jobs.store;

import io.vdsweep.sweeps.schema.Column;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * Writes result rows as one Parquet file with parquet-hadoop on the calling thread, no Spark job: a commit costs a
 * file write, not two job schedules. The file is what Spark itself writes for the same rows (standard three-level
 * lists, UTF-8 strings, int64 microsecond UTC timestamps as {@link ResultStore} has Spark write them, Snappy, and
 * Spark's schema in the footer), so Spark, DuckDB and pyarrow read it like the files Spark wrote.
 */
final class ParquetRowsWriter {

    /** The footer key Spark reads its own schema from. */
    private static final String SPARK_SCHEMA_KEY = "org.apache.spark.sql.parquet.row.metadata";

    private final List<Column> columns;
    /** Every column name a row may hold, {@code sweep} (the partition folder) included. */
    private final java.util.Set<String> names;
    private final MessageType schema;
    private final String sparkSchemaJson;

    /** A writer for the file columns of a results table ({@code sweep} is the partition folder, not a column). */
    ParquetRowsWriter(List<Column> tableColumns) {
        this.columns = tableColumns.stream().filter(c -> !c.name().equals("sweep")).toList();
        this.names = tableColumns.stream().map(Column::name).collect(java.util.stream.Collectors.toUnmodifiableSet());
        Types.MessageTypeBuilder message = Types.buildMessage();
        for (Column c : columns) {
            message.addField(field(c));
        }
        this.schema = message.named("spark_schema");
        this.sparkSchemaJson = SparkSchemas.fileSchema(tableColumns).json();
    }

    private static Type field(Column c) {
        Type.Repetition repetition = c.nullable() ? Type.Repetition.OPTIONAL : Type.Repetition.REQUIRED;
        return switch (c.type()) {
            case STRING -> Types.primitive(PrimitiveTypeName.BINARY, repetition)
                    .as(LogicalTypeAnnotation.stringType()).named(c.name());
            case INT -> Types.primitive(PrimitiveTypeName.INT32, repetition).named(c.name());
            case LONG -> Types.primitive(PrimitiveTypeName.INT64, repetition).named(c.name());
            case DOUBLE -> Types.primitive(PrimitiveTypeName.DOUBLE, repetition).named(c.name());
            case BOOLEAN -> Types.primitive(PrimitiveTypeName.BOOLEAN, repetition).named(c.name());
            case TIMESTAMP -> Types.primitive(PrimitiveTypeName.INT64, repetition)
                    .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS))
                    .named(c.name());
            case DOUBLE_ARRAY -> list(repetition, PrimitiveTypeName.DOUBLE, c.name());
            case LONG_ARRAY -> list(repetition, PrimitiveTypeName.INT64, c.name());
        };
    }

    private static Type list(Type.Repetition repetition, PrimitiveTypeName element, String name) {
        return Types.buildGroup(repetition).as(LogicalTypeAnnotation.listType())
                .repeatedGroup().required(element).named("element").named("list")
                .named(name);
    }

    /** Writes {@code rows} (result maps of this table) to {@code file} on {@code fs}; the file must not exist. */
    void write(FileSystem fs, Path file, List<Map<String, Object>> rows) throws IOException {
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        OutputFile out = fs instanceof LocalFileSystem local ? new LocalOutputFile(local.pathToFile(file).toPath())
                : HadoopOutputFile.fromPath(file, fs.getConf());
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(out)
                .withType(schema).withConf(fs.getConf()).withWriteMode(ParquetFileWriter.Mode.CREATE)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withExtraMetaData(Map.of(SPARK_SCHEMA_KEY, sparkSchemaJson)).build()) {
            for (Map<String, Object> row : rows) {
                writer.write(group(groups.newGroup(), row));
            }
        }
    }

    private Group group(Group g, Map<String, Object> row) {
        for (String key : row.keySet()) {
            if (!names.contains(key)) {
                throw new IllegalStateException("result row has a value for " + key + ", which is no column");
            }
        }
        for (Column c : columns) {
            Object v = row.get(c.name());
            if (v == null) {
                if (!c.nullable()) {
                    throw new IllegalStateException("result row lacks non-nullable column " + c.name());
                }
                continue;
            }
            String name = c.name();
            switch (c.type()) {
                case STRING -> g.append(name, (String) v);
                case INT -> g.append(name, ((Number) v).intValue());
                case LONG -> g.append(name, ((Number) v).longValue());
                case DOUBLE -> g.append(name, ((Number) v).doubleValue());
                case BOOLEAN -> g.append(name, (Boolean) v);
                case TIMESTAMP -> g.append(name, micros((Instant) v));
                case DOUBLE_ARRAY -> {
                    Group list = g.addGroup(name);
                    for (Object e : (List<?>) v) {
                        list.addGroup("list").append("element", ((Number) e).doubleValue());
                    }
                }
                case LONG_ARRAY -> {
                    Group list = g.addGroup(name);
                    for (Object e : (List<?>) v) {
                        list.addGroup("list").append("element", ((Number) e).longValue());
                    }
                }
            }
        }
        return g;
    }

    /**
     * A local file written with java.nio. Hadoop's local filesystem sets the permissions of every file, checksum file
     * and folder it creates, and without Hadoop's native library (the usual case outside a Hadoop install) it does so
     * by forking {@code chmod}: five processes per commit, most of its cost on a laptop or a shared disk. The
     * checksum file it would add is optional for readers; parquet-hadoop has no local output file before 1.14.
     */
    private record LocalOutputFile(java.nio.file.Path file) implements OutputFile {

        @Override
        public PositionOutputStream create(long blockSizeHint) throws IOException {
            Files.createDirectories(file.getParent());
            OutputStream stream = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE));
            return new PositionOutputStream() {
                private long position;

                @Override
                public long getPos() {
                    return position;
                }

                @Override
                public void write(int b) throws IOException {
                    stream.write(b);
                    position++;
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    stream.write(b, off, len);
                    position += len;
                }

                @Override
                public void flush() throws IOException {
                    stream.flush();
                }

                @Override
                public void close() throws IOException {
                    stream.close();
                }
            };
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) {
            throw new UnsupportedOperationException("results files are never overwritten: " + file);
        }

        @Override
        public boolean supportsBlockSize() {
            return false;
        }

        @Override
        public long defaultBlockSize() {
            return 0;
        }
    }

    private static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }
}
