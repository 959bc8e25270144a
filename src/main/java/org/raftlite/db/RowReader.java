package org.raftlite.db;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.raftlite.command.StatementResult;
import org.sqlite.core.CoreResultSet;
import org.sqlite.jdbc3.JDBC3ResultSet;

/**
 * Turns a result set into rqlite's rows: declared types lower-cased (inferred from the first row where there is
 * none), DATE/DATETIME/TIMESTAMP as RFC3339, BOOLEAN as true/false, bytes in text-typed columns as text.
 */
final class RowReader {

    /** sqlite-jdbc reports a type name even where SQLite has no declared type; only this private method tells. */
    private static final MethodHandle DECLARED_TYPE;

    static {
        try {
            Method method = JDBC3ResultSet.class.getDeclaredMethod("getColumnDeclType", int.class);
            method.setAccessible(true);
            DECLARED_TYPE = MethodHandles.lookup().unreflect(method);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private RowReader() {
    }

    static StatementResult.Rows read(ResultSet rs, long startNanos, boolean timings) throws SQLException {
        List<String> columns = columnNames(rs);
        int n = columns.size();
        List<List<Object>> values = new ArrayList<>();
        String[] declared = null;
        while (rs.next()) {
            if (declared == null) {
                declared = declaredTypes(rs, n);
            }
            List<Object> row = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) {
                row.add(convert(rs.getObject(i), declared[i - 1]));
            }
            values.add(row);
        }
        if (declared == null) {
            declared = n == 0 ? new String[0] : declaredTypes(rs, n);
        }
        List<String> types = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            types.add(declared[i].isEmpty() && !values.isEmpty() ? inferred(values.get(0).get(i)) : declared[i]);
        }
        double time = timings ? (System.nanoTime() - startNanos) / 1e9 : -1;
        return new StatementResult.Rows(columns, types, values, null, time);
    }

    /**
     * The names sqlite-jdbc read when it opened the result set; its metadata would ask SQLite for each one again
     * (a JNI call and a buffer apiece, 1.5% of a point read's CPU).
     */
    private static List<String> columnNames(ResultSet rs) throws SQLException {
        String[] read = rs.unwrap(CoreResultSet.class).cols;
        if (read != null) {
            return Arrays.asList(read.clone());
        }
        ResultSetMetaData md = rs.getMetaData();
        List<String> columns = new ArrayList<>(md.getColumnCount());
        for (int i = 1; i <= md.getColumnCount(); i++) {
            columns.add(md.getColumnName(i));
        }
        return columns;
    }

    private static String[] declaredTypes(ResultSet rs, int n) throws SQLException {
        JDBC3ResultSet jdbc = rs.unwrap(JDBC3ResultSet.class);
        String[] types = new String[n];
        for (int i = 1; i <= n; i++) {
            String type;
            try {
                type = (String) DECLARED_TYPE.invokeExact(jdbc, i);
            } catch (SQLException | RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new SQLException(e);
            }
            types[i - 1] = type == null ? "" : type.toLowerCase(Locale.ROOT);
        }
        return types;
    }

    private static Object convert(Object value, String declared) {
        if (value instanceof Integer i) {
            value = i.longValue();
        }
        if (value == null || declared.isEmpty()) {
            return value;
        }
        if (TimeValues.TIME_TYPES.contains(declared)) {
            if (value instanceof Long l) {
                return TimeValues.fromInteger(l);
            }
            if (value instanceof String s) {
                return TimeValues.fromText(s);
            }
        }
        if (declared.equals("boolean") && value instanceof Long l) {
            return l > 0;
        }
        if (value instanceof byte[] bytes && isTextType(declared)) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return value;
    }

    private static boolean isTextType(String declared) {
        return declared.equals("text") || declared.equals("json") || declared.startsWith("varchar")
                || declared.startsWith("nvarchar") || declared.startsWith("nchar") || declared.startsWith("char")
                || declared.startsWith("varying character") || declared.startsWith("native character")
                || declared.equals("clob");
    }

    private static String inferred(Object value) {
        if (value instanceof Long) {
            return "integer";
        } else if (value instanceof Double) {
            return "real";
        } else if (value instanceof String) {
            return "text";
        } else if (value instanceof byte[]) {
            return "blob";
        } else if (value instanceof Boolean) {
            return "boolean";
        }
        return "";
    }
}
