package io.vdsweep.jobs.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdsweep.jobs.Parquet;
import io.vdsweep.jobs.SharedSpark;
import io.vdsweep.sweeps.schema.Column;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The commit path's Parquet files without Spark: the same Parquet schema as Spark's own file of the same rows, and
 * every type and null read back alike by Spark and by DuckDB.
 */
class ParquetRowsWriterTest {

    private static final List<Column> COLUMNS = List.of(
            new Column("name", Column.Type.STRING, false, ""),
            new Column("count", Column.Type.INT, true, ""),
            new Column("total", Column.Type.LONG, true, ""),
            new Column("value", Column.Type.DOUBLE, true, ""),
            new Column("flag", Column.Type.BOOLEAN, true, ""),
            new Column("at", Column.Type.TIMESTAMP, false, ""),
            new Column("fractions", Column.Type.DOUBLE_ARRAY, true, ""),
            new Column("sizes", Column.Type.LONG_ARRAY, true, ""),
            new Column("sweep", Column.Type.STRING, false, ""));

    private static final Instant AT = Instant.parse("2026-11-25T04:05:06.123456Z");

    @TempDir
    Path dir;

    private static Map<String, Object> full() {
        Map<String, Object> row = new HashMap<>();
        row.put("name", "a–b");
        row.put("count", 7);
        row.put("total", 1L << 40);
        row.put("value", 0.125);
        row.put("flag", true);
        row.put("at", AT);
        row.put("fractions", List.of(0.5, 0.25));
        row.put("sizes", List.of(3L, 4L, 5L));
        return row;
    }

    private static Map<String, Object> sparse() {
        Map<String, Object> row = new HashMap<>();
        row.put("name", "nulls");
        row.put("at", AT.plusSeconds(1));
        row.put("fractions", List.of());
        return row;
    }

    private static MessageType schemaOf(Path file) throws Exception {
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(
                new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))) {
            return reader.getFooter().getFileMetaData().getSchema();
        }
    }

    private static LocalFileSystem local() throws IOException {
        return FileSystem.getLocal(new Configuration());
    }

    /** Hadoop's local filesystem takes the java.nio path; its raw form, like HDFS or S3, Hadoop's output file. */
    static Stream<FileSystem> filesystems() throws IOException {
        return Stream.of(local(), local().getRawFileSystem());
    }

    @ParameterizedTest
    @MethodSource("filesystems")
    void writesWhatSparkWritesAndEveryReaderReadsIt(FileSystem fs) throws Exception {
        Path file = dir.resolve("t").resolve("sweep=s").resolve("part-direct.parquet");
        new ParquetRowsWriter(COLUMNS).write(fs, new org.apache.hadoop.fs.Path(file.toUri()),
                List.of(full(), sparse()));

        // Spark's own file of the same rows, with the timestamp encoding the store sets.
        SparkSession spark = SharedSpark.get();
        new ResultStore(spark, dir.resolve("results").toString(), "s");
        List<Row> rows = new ArrayList<>();
        for (Map<String, Object> m : List.of(full(), sparse())) {
            List<Object> cells = new ArrayList<>();
            for (Column c : COLUMNS.subList(0, COLUMNS.size() - 1)) {
                Object v = m.get(c.name());
                cells.add(v instanceof Instant t ? Timestamp.from(t) : v);
            }
            rows.add(RowFactory.create(cells.toArray()));
        }
        Path sparkDir = dir.resolve("spark");
        spark.createDataFrame(rows, SparkSchemas.fileSchema(COLUMNS)).coalesce(1).write().parquet(sparkDir.toString());
        Path sparkFile;
        try (Stream<Path> s = Files.list(sparkDir)) {
            sparkFile = s.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
        assertEquals(schemaOf(sparkFile), schemaOf(file));

        List<Row> read = spark.read().schema(SparkSchemas.readSchema(COLUMNS)).parquet(file.toString())
                .orderBy("name").collectAsList();
        assertEquals("a–b", read.get(0).getString(0));
        assertEquals(7, read.get(0).getInt(1));
        assertEquals(1L << 40, read.get(0).getLong(2));
        assertEquals(0.125, read.get(0).getDouble(3));
        assertTrue(read.get(0).getBoolean(4));
        assertEquals(AT, read.get(0).getTimestamp(5).toInstant());
        assertEquals(List.of(0.5, 0.25), read.get(0).getList(6));
        assertEquals(List.of(3L, 4L, 5L), read.get(0).getList(7));
        assertTrue(read.get(1).isNullAt(1) && read.get(1).isNullAt(2) && read.get(1).isNullAt(3)
                && read.get(1).isNullAt(4) && read.get(1).isNullAt(7), read.get(1).toString());
        assertEquals(List.of(), read.get(1).getList(6));

        List<List<Object>> duck = Parquet.query(dir, "t", "SELECT name, count, total, value, flag, epoch_us(at), "
                + "fractions, sizes, sweep FROM {table} ORDER BY name");
        assertEquals(List.of("a–b", 7, 1L << 40, 0.125, true, AT.getEpochSecond() * 1_000_000 + 123_456),
                duck.get(0).subList(0, 6));
        assertEquals("[0.5, 0.25]", duck.get(0).get(6).toString());
        assertEquals("[3, 4, 5]", duck.get(0).get(7).toString());
        assertEquals("s", duck.get(0).get(8));
        assertNull(duck.get(1).get(1));
        assertNull(duck.get(1).get(7));
    }

    @Test
    void refusesValuesThatAreNoColumnAndMissingRequiredOnes() {
        ParquetRowsWriter writer = new ParquetRowsWriter(COLUMNS);
        org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(dir.resolve("x.parquet").toUri());
        Map<String, Object> extra = full();
        extra.put("colour", "red");
        assertTrue(assertThrows(IllegalStateException.class, () -> writer.write(local(), file,
                List.of(extra))).getMessage().contains("colour"));
        Map<String, Object> missing = full();
        missing.remove("at");
        assertTrue(assertThrows(IllegalStateException.class, () -> writer.write(local(),
                new org.apache.hadoop.fs.Path(dir.resolve("y.parquet").toUri()), List.of(missing))).getMessage()
                .contains("at"));
    }
}
