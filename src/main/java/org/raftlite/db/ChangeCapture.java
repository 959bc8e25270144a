package org.raftlite.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;
import org.raftlite.json.GoJson;

/**
 * Records the rows SQLite changes on the writer connection, for CDC. rqlite reads them in SQLite's pre-update hook;
 * the SQLite inside sqlite-jdbc is built without it, and its Java API reports only rowids. So this class writes
 * TEMP triggers on the writer connection (AFTER INSERT, UPDATE and DELETE on every table of {@code main}), which
 * copy each changed row, typed as SQLite holds it, into two TEMP tables; they see what SQLite did, also rows changed
 * by the user's triggers, by foreign key actions, by upserts and by multi-row statements, and they roll back with the
 * statement or transaction that made them. TEMP objects live in the connection, not in the file: nothing in the
 * database, its snapshots or its backups changes, and nodes without CDC run the same file.
 * <p>
 * Costs and limits, as built: every changed row costs two inserts into TEMP tables, and every statement on the
 * writer a look at the two schema versions (the triggers are written again when {@code main}'s schema changed, or
 * when a rollback took the last ones away). rqlite reports the rows a {@code REPLACE} deletes; triggers see them
 * only with {@code recursive_triggers} on, which would change how the user's own triggers run, so it is on only
 * while the database has no trigger of its own. Triggers are dropped before an {@code ALTER TABLE}, which would
 * otherwise refuse to drop a column they name. Virtual tables are not captured; tables without rowid are captured
 * without row ids, as rqlite's hook reports none for them.
 */
final class ChangeCapture {

    private static final Logger LOG = Logger.getLogger(ChangeCapture.class);
    private static final String PREFIX = "_raftlite_cdc_";
    private static final String EVENTS = PREFIX + "events";
    private static final String VALUES = PREFIX + "values";
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
    private final PreparedStatement values;
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
        exec("CREATE TEMP TABLE IF NOT EXISTS " + EVENTS + "(seq INTEGER PRIMARY KEY, op INTEGER NOT NULL,"
                + " tbl TEXT NOT NULL, old_rowid INTEGER, new_rowid INTEGER)");
        // WITHOUT ROWID, so that inserting values leaves last_insert_rowid() at the event's row inside the trigger
        exec("CREATE TEMP TABLE IF NOT EXISTS " + VALUES + "(event INTEGER NOT NULL, side INTEGER NOT NULL,"
                + " col INTEGER NOT NULL, name TEXT NOT NULL, v, PRIMARY KEY(event, side, col)) WITHOUT ROWID");
        mainVersion = conn.prepareStatement("PRAGMA main.schema_version");
        tempVersion = conn.prepareStatement("PRAGMA temp.schema_version");
        events = conn.prepareStatement("SELECT seq, op, tbl, old_rowid, new_rowid FROM temp." + EVENTS
                + " WHERE seq > ? ORDER BY seq");
        values = conn.prepareStatement("SELECT event, side, name, v FROM temp." + VALUES
                + " WHERE event > ? ORDER BY event, side, col");
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
        List<Long> seqs = new ArrayList<>();
        events.setLong(1, lastRead);
        try (ResultSet rs = events.executeQuery()) {
            while (rs.next()) {
                seqs.add(rs.getLong(1));
                changes.add(new RowChange(RowChange.Op.values()[rs.getInt(2)], rs.getString(3), rs.getLong(4),
                        rs.getLong(5), null, null));
            }
        }
        if (changes.isEmpty()) {
            return changes;
        }
        if (!settings.rowIdsOnly()) {
            withValues(changes, seqs);
        }
        lastRead = seqs.get(seqs.size() - 1);
        return changes;
    }

    private void withValues(List<RowChange> changes, List<Long> seqs) throws SQLException {
        Map<String, Object>[] before = images(changes.size());
        Map<String, Object>[] after = images(changes.size());
        values.setLong(1, lastRead);
        try (ResultSet rs = values.executeQuery()) {
            int at = 0;
            while (rs.next()) {
                long event = rs.getLong(1);
                while (seqs.get(at) != event) {
                    at++;
                }
                Object v = rs.getObject(4);
                (rs.getInt(2) == 0 ? before : after)[at].put(rs.getString(3), v instanceof Integer i ? (long) i : v);
            }
        }
        for (int i = 0; i < changes.size(); i++) {
            RowChange c = changes.get(i);
            changes.set(i, new RowChange(c.op(), c.table(), c.oldRowId(), c.newRowId(),
                    c.op() == RowChange.Op.INSERT ? null : before[i], c.op() == RowChange.Op.DELETE ? null : after[i]));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object>[] images(int n) {
        Map<String, Object>[] images = new Map[n];
        for (int i = 0; i < n; i++) {
            images[i] = GoJson.goMap();
        }
        return images;
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
        exec("DELETE FROM temp." + VALUES + " WHERE event <= " + lastRead);
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
            String on = " ON main." + identifier(table) + " BEGIN ";
            String oldId = rowid ? "OLD.rowid" : "NULL";
            String newId = rowid ? "NEW.rowid" : "NULL";
            exec("CREATE TEMP TRIGGER " + PREFIX + n + "_i AFTER INSERT" + on + event(0, table, "NULL", newId)
                    + image(1, "NEW", columns) + "END");
            exec("CREATE TEMP TRIGGER " + PREFIX + n + "_u AFTER UPDATE" + on + event(1, table, oldId, newId)
                    + image(0, "OLD", columns) + image(1, "NEW", columns) + "END");
            exec("CREATE TEMP TRIGGER " + PREFIX + n + "_d AFTER DELETE" + on + event(2, table, oldId, "NULL")
                    + image(0, "OLD", columns) + "END");
        } catch (SQLException e) {
            LOG.warnf("CDC: changes to table %s cannot be captured: %s", table, e.getMessage());
        }
    }

    private static String event(int op, String table, String oldId, String newId) {
        return "INSERT INTO " + EVENTS + "(op, tbl, old_rowid, new_rowid) VALUES (" + op + ", " + literal(table)
                + ", " + oldId + ", " + newId + "); ";
    }

    private String image(int side, String row, List<String> columns) {
        if (settings.rowIdsOnly() || columns.isEmpty()) {
            return "";
        }
        StringBuilder sql = new StringBuilder("INSERT INTO " + VALUES + "(event, side, col, name, v) VALUES ");
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(last_insert_rowid(), ").append(side).append(", ").append(i)
                    .append(", ").append(literal(columns.get(i))).append(", ").append(row).append('.')
                    .append(identifier(columns.get(i))).append(')');
        }
        return sql.append("; ").toString();
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

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private void exec(String sql) throws SQLException {
        try (var st = conn.createStatement()) {
            st.execute(sql);
        }
    }

    void close() throws SQLException {
        for (PreparedStatement ps : List.of(mainVersion, tempVersion, events, values)) {
            ps.close();
        }
    }
}
