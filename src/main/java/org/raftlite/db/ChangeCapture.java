package org.raftlite.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.jboss.logging.Logger;
import org.raftlite.json.GoJson;

/**
 * Records the rows SQLite changes on the writer connection, for CDC. rqlite reads them in SQLite's pre-update hook;
 * the SQLite inside sqlite-jdbc is built without it, and its Java API reports only rowids. So this class writes
 * TEMP triggers on the writer connection (AFTER INSERT, UPDATE and DELETE on every table of {@code main}), which
 * copy each changed row, typed as SQLite holds it, into one TEMP table; they see what SQLite did, also rows changed
 * by the user's triggers, by foreign key actions, by upserts and by multi-row statements, and they roll back with the
 * statement or transaction that made them. TEMP objects live in the connection, not in the file: nothing in the
 * database, its snapshots or its backups changes, and nodes without CDC run the same file.
 * <p>
 * Costs and limits, as built: every changed row costs a trigger and one insert into the TEMP table, a row holding
 * both images in columns {@code v0, v1, ...} (as wide as the widest table's two images; the table and its column
 * names are a layout number, kept here), and every statement after one that may have changed the schema a look at
 * the two schema versions (the triggers are written again when {@code main}'s schema changed, or when a rollback
 * took the last ones away). rqlite reports the rows a {@code REPLACE} deletes; triggers see them
 * only with {@code recursive_triggers} on, which would change how the user's own triggers run, so it is on only
 * while the database has no trigger of its own. Triggers are dropped before an {@code ALTER TABLE}, which would
 * otherwise refuse to drop a column they name. Virtual tables are not captured; tables without rowid are captured
 * without row ids, as rqlite's hook reports none for them.
 */
final class ChangeCapture {

    private static final Logger LOG = Logger.getLogger(ChangeCapture.class);
    private static final String PREFIX = "_raftlite_cdc_";
    private static final String EVENTS = PREFIX + "events";
    /** The columns of an event before its images. */
    private static final int FIXED_COLUMNS = 4;
    /**
     * Read events are deleted once this many have gathered, just before a statement that sets SQLite's change count
     * anyway: deleting them changes it, and rqlited reports it for a statement that changes no row.
     */
    private static final int CLEAR_EVERY = 1024;
    /** Statements that always set SQLite's change count. */
    private static final Set<String> ROW_CHANGES = Set.of("INSERT", "UPDATE", "DELETE", "REPLACE");
    /** Statements that change no schema: after one that succeeds, the triggers need no second look. */
    private static final Set<String> ROUTINE = Set.of("INSERT", "UPDATE", "DELETE", "REPLACE", "SELECT", "WITH",
            "VALUES");
    private static final Remembered<String> FIRST_WORD = new Remembered<>();

    private final Connection conn;
    private final ChangeFilter settings;
    private final PreparedStatement mainVersion;
    private final PreparedStatement tempVersion;
    private final PreparedStatement events;
    /** Image columns the events table has, as last seen. */
    private int width;
    /** What the layout numbers in events stand for: a table and its columns, as the triggers wrote them. */
    private final List<Layout> layouts = new ArrayList<>();
    private final Map<Layout, Integer> layoutNumbers = new HashMap<>();
    private long installedMain = -1;
    private long installedTemp = -1;
    /**
     * Whether the schema versions must be looked at before the next statement: after anything but a routine
     * statement that succeeded, since it may have changed the schema or undone the triggers with a transaction.
     */
    private boolean unsure = true;
    /** The last event read: the TEMP tables are read from here on. */
    private long lastRead;
    /** Events up to here are deleted. */
    private long cleared;

    ChangeCapture(Connection conn, ChangeFilter settings) throws SQLException {
        this.conn = conn;
        this.settings = settings;
        exec("PRAGMA temp_store=MEMORY");
        exec("CREATE TEMP TABLE IF NOT EXISTS " + EVENTS + "(seq INTEGER PRIMARY KEY, layout INTEGER NOT NULL,"
                + " op INTEGER NOT NULL, old_rowid INTEGER, new_rowid INTEGER)");
        mainVersion = conn.prepareStatement("PRAGMA main.schema_version");
        tempVersion = conn.prepareStatement("PRAGMA temp.schema_version");
        events = conn.prepareStatement("SELECT * FROM temp." + EVENTS + " WHERE seq > ? ORDER BY seq");
    }

    /**
     * A table's columns as its triggers copy them, with the order Go's encoder writes them in.
     *
     * @param goOrder the column positions, sorted by name as Go sorts a map's keys
     */
    private record Layout(String table, List<String> columns, int[] goOrder) {
        static Layout of(String table, List<String> columns) {
            return new Layout(table, List.copyOf(columns), IntStream.range(0, columns.size())
                    .boxed().sorted((a, b) -> GoJson.GO_KEY_ORDER.compare(columns.get(a), columns.get(b)))
                    .mapToInt(Integer::intValue).toArray());
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Layout l && l.table.equals(table) && l.columns.equals(columns);
        }

        @Override
        public int hashCode() {
            return table.hashCode() * 31 + columns.hashCode();
        }
    }

    /** Readies capture for one statement about to run on the writer (a single statement, not a text of several). */
    void beforeStatement(String sql) {
        try {
            String first = FIRST_WORD.of(sql, text -> {
                List<String> starts = SqlTokens.statementStarts(text);
                return starts.isEmpty() ? "" : starts.get(0);
            });
            if (first.equals("ALTER")) {
                dropTriggers();
                installedMain = -1;
                unsure = true;
                return;
            }
            if (lastRead - cleared >= CLEAR_EVERY && ROW_CHANGES.contains(first)) {
                clearRead();
            }
            if (unsure && (version(mainVersion) != installedMain || version(tempVersion) != installedTemp)) {
                install();
            }
            unsure = !ROUTINE.contains(first);
        } catch (SQLException e) {
            LOG.warnf("CDC: readying capture failed (%s); changes of this statement may be missed", e.getMessage());
        }
    }

    /** The rows changed since the last call, in the order SQLite changed them. */
    List<RowChange> drain() throws SQLException {
        List<RowChange> changes = new ArrayList<>();
        events.setLong(1, lastRead);
        try (ResultSet rs = events.executeQuery()) {
            while (rs.next()) {
                lastRead = rs.getLong(1);
                Layout layout = layouts.get(rs.getInt(2));
                RowChange.Op op = RowChange.Op.values()[rs.getInt(3)];
                Map<String, Object> first = image(rs, layout, 0);
                Map<String, Object> second = op == RowChange.Op.UPDATE ? image(rs, layout, layout.columns.size())
                        : null;
                changes.add(new RowChange(op, layout.table, rs.getLong(4), rs.getLong(5),
                        op == RowChange.Op.INSERT ? null : first, op == RowChange.Op.INSERT ? first : second));
            }
        }
        return changes;
    }

    /** An image the trigger wrote from column {@code v<from>} on; null when only row ids are captured. */
    private Map<String, Object> image(ResultSet rs, Layout layout, int from) throws SQLException {
        if (settings.rowIdsOnly()) {
            return null;
        }
        Map<String, Object> image = new LinkedHashMap<>(layout.columns.size() * 2);
        for (int col : layout.goOrder) {
            Object v = rs.getObject(FIXED_COLUMNS + 2 + from + col);
            image.put(layout.columns.get(col), v instanceof Integer i ? (long) i : v);
        }
        return image;
    }

    /** A statement failed, or a transaction ended in a rollback: the triggers may be gone with it. */
    void unsure() {
        unsure = true;
    }

    /** SQLite undid a transaction that events were read in: what is left in the TEMP tables was read before it. */
    void rolledBack() {
        unsure = true;
        try (var st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT ifnull(max(seq), 0) FROM temp." + EVENTS)) {
            lastRead = rs.next() ? rs.getLong(1) : 0;
            cleared = 0;
        } catch (SQLException e) {
            LOG.warnf("CDC: reading the capture tables after a rollback failed: %s", e.getMessage());
        }
    }

    /**
     * Deletes the events read, but for the last: a new event's number is one more than the largest there, and must
     * stay above {@link #lastRead}.
     */
    private void clearRead() throws SQLException {
        exec("DELETE FROM temp." + EVENTS + " WHERE seq < " + lastRead);
        cleared = lastRead;
    }

    private void install() throws SQLException {
        dropTriggers();
        boolean userTriggers;
        List<String[]> tables = new ArrayList<>();
        try (var st = conn.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM main.sqlite_master WHERE type = 'trigger'")) {
                userTriggers = rs.next() && rs.getInt(1) > 0;
            }
            try (ResultSet rs = st.executeQuery("SELECT name, wr FROM pragma_table_list WHERE schema = 'main'"
                    + " AND type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")) {
                while (rs.next()) {
                    tables.add(new String[] {rs.getString(1), rs.getInt(2) == 1 ? "" : "rowid"});
                }
            }
        }
        exec("PRAGMA recursive_triggers=" + (userTriggers ? "OFF" : "ON"));
        width = width();
        int n = 0;
        for (String[] table : tables) {
            if (settings.tableFilter() == null || settings.tableFilter().matcher(table[0]).find()) {
                createTriggers(n++, table[0], !table[1].isEmpty());
            }
        }
        installedMain = version(mainVersion);
        installedTemp = version(tempVersion);
    }

    private void createTriggers(int n, String table, boolean rowid) {
        try {
            List<String> columns = new ArrayList<>();
            try (PreparedStatement ps = conn.prepareStatement("SELECT name FROM pragma_table_info(?) ORDER BY cid")) {
                ps.setString(1, table);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        columns.add(rs.getString(1));
                    }
                }
            }
            int layout = layoutNumbers.computeIfAbsent(Layout.of(table, columns), l -> {
                layouts.add(l);
                return layouts.size() - 1;
            });
            List<String> images = settings.rowIdsOnly() ? List.of() : columns;
            widen(2 * images.size());
            String on = " ON main." + identifier(table) + " BEGIN ";
            String oldId = rowid ? "OLD.rowid" : "NULL";
            String newId = rowid ? "NEW.rowid" : "NULL";
            exec("CREATE TEMP TRIGGER " + PREFIX + n + "_i AFTER INSERT" + on
                    + event(layout, 0, "NULL", newId, images, "NEW") + "END");
            exec("CREATE TEMP TRIGGER " + PREFIX + n + "_u AFTER UPDATE" + on
                    + event(layout, 1, oldId, newId, images, "OLD", "NEW") + "END");
            exec("CREATE TEMP TRIGGER " + PREFIX + n + "_d AFTER DELETE" + on
                    + event(layout, 2, oldId, "NULL", images, "OLD") + "END");
        } catch (SQLException e) {
            LOG.warnf("CDC: changes to table %s cannot be captured: %s", table, e.getMessage());
        }
    }

    /** How many image columns the events table has: a rollback may have taken some away. */
    private int width() throws SQLException {
        try (var st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM pragma_table_info('" + EVENTS + "', 'temp')")) {
            return rs.next() ? rs.getInt(1) - FIXED_COLUMNS - 1 : 0;
        }
    }

    /** Gives the events table at least {@code images} image columns; rows already there keep theirs. */
    private void widen(int images) throws SQLException {
        for (; width < images; width++) {
            exec("ALTER TABLE temp." + EVENTS + " ADD COLUMN v" + width);
        }
    }

    /** The trigger's one insert: the event, then the images of {@code rows} (OLD, NEW) one after the other. */
    private static String event(int layout, int op, String oldId, String newId, List<String> columns,
                                String... rows) {
        StringBuilder names = new StringBuilder("layout, op, old_rowid, new_rowid");
        StringBuilder values = new StringBuilder().append(layout).append(", ").append(op).append(", ")
                .append(oldId).append(", ").append(newId);
        int v = 0;
        for (String row : rows) {
            for (String column : columns) {
                names.append(", v").append(v++);
                values.append(", ").append(row).append('.').append(identifier(column));
            }
        }
        return "INSERT INTO " + EVENTS + "(" + names + ") VALUES (" + values + "); ";
    }

    private void dropTriggers() throws SQLException {
        List<String> names = new ArrayList<>();
        try (var st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT name FROM temp.sqlite_master WHERE type = 'trigger'"
                     + " AND name GLOB '" + PREFIX + "*'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        for (String name : names) {
            exec("DROP TRIGGER IF EXISTS temp." + identifier(name));
        }
    }

    private long version(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private void exec(String sql) throws SQLException {
        try (var st = conn.createStatement()) {
            st.execute(sql);
        }
    }

    void close() throws SQLException {
        for (PreparedStatement ps : List.of(mainVersion, tempVersion, events)) {
            ps.close();
        }
    }
}
