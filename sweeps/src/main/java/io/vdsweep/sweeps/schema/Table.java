package io.vdsweep.sweeps.schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A results table whose rows are made from a typed source: each column is declared once, with how it is filled, so
 * a column cannot exist without a value or a value without a column. A non-nullable column left empty is a bug,
 * reported by name when the row is made (where the trial ran), not as a null in Parquet.
 *
 * @param <S> what one row is made from
 */
public final class Table<S> {

    private final String name;
    private final List<Column> columns = new ArrayList<>();
    private final List<Function<S, ?>> fills = new ArrayList<>();

    Table(String name) {
        this.name = name;
    }

    /** Declares the next column and how a source fills it (null only where {@code nullable}). */
    Table<S> add(String column, Column.Type type, boolean nullable, String doc, Function<S, ?> fill) {
        columns.add(new Column(column, type, nullable, doc));
        fills.add(fill);
        return this;
    }

    public String name() {
        return name;
    }

    /** The columns, in order. */
    public List<Column> columns() {
        return List.copyOf(columns);
    }

    /** The row of {@code source}: column name → value, in column order. */
    public Map<String, Object> row(S source) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            Object value = fills.get(i).apply(source);
            if (value == null && !c.nullable()) {
                throw new IllegalStateException(name + "." + c.name() + " is not nullable but was left empty");
            }
            row.put(c.name(), value);
        }
        return row;
    }
}
