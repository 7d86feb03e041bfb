package io.vdsweep.sweeps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vdsweep.sweeps.schema.Column;
import io.vdsweep.sweeps.schema.ResultSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultSchemaTest {

    @Test
    void columnNamesAreUniqueAndDocumented() {
        for (List<Column> table : List.of(ResultSchema.TRIALS.columns(), ResultSchema.EPOCHS.columns(), ResultSchema.SUMMARY)) {
            assertEquals(table.size(), new HashSet<>(table.stream().map(Column::name).toList()).size());
            for (Column c : table) {
                assertTrue(c.name().matches("[a-z][a-z0-9_]*") && !c.doc().isBlank(), c.toString());
            }
        }
    }

    /** docs/results.md is generated from the schema; regenerate with -Dvdsweep.writeDocs=true when this fails. */
    @Test
    void documentationMatchesTheSchema() throws IOException {
        Path doc = Path.of("..", "docs", "results.md");
        if (Boolean.getBoolean("vdsweep.writeDocs")) {
            Files.createDirectories(doc.getParent());
            Files.writeString(doc, ResultSchema.markdown());
        }
        assertEquals(ResultSchema.markdown(), Files.readString(doc));
    }
}
