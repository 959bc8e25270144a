package org.raftlite.http;

import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.raftlite.store.Store;

/**
 * {@code GET /db/backup} (API.md §12): the leader's database as a SQLite file, or with {@code fmt=sql} as rqlited's
 * SQL text dump (limited to {@code tables=a,b}); {@code compress} gzips either. A follower forwards the request to
 * the leader unless {@code noleader} asks for its own copy. The file is a consistent copy made by SQLite's online
 * backup while writes go on, in rollback-journal mode, the form rqlite gives for {@code fmt=delete}.
 */
@Path("/db/backup")
@Blocking
public class BackupResource {

    private final Store store;
    private final LeaderProxy proxy;

    public BackupResource(Store store, LeaderProxy proxy) {
        this.store = store;
        this.proxy = proxy;
    }

    @GET
    public Response backup(@Context UriInfo uri, @Context HttpHeaders headers) throws SQLException, IOException {
        QueryParams q = QueryParams.validated(uri.getQueryParameters());
        if (!q.has("noleader") && !store.isLeader()) {
            return proxy.toLeader("GET", uri, headers, null);
        }
        boolean sql = q.get("fmt").equalsIgnoreCase("sql");
        StreamingOutput body = sql ? out -> dump(compressed(out, q), tables(q)) : file(q);
        return Response.ok(body, sql ? "application/sql" : "application/octet-stream")
                .header(JsonResponses.SERVED_BY, store.advertisedHttpAddr()).build();
    }

    private StreamingOutput file(QueryParams q) throws SQLException, IOException {
        java.nio.file.Path copy = store.backup();
        return out -> {
            try (InputStream in = Files.newInputStream(copy); OutputStream target = compressed(out, q)) {
                in.transferTo(target);
            } finally {
                Files.deleteIfExists(copy);
            }
        };
    }

    private void dump(OutputStream out, Set<String> tables) throws IOException {
        try (var writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8))) {
            store.dump(writer, tables);
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException("dump: " + e.getMessage(), e));
        }
    }

    private static OutputStream compressed(OutputStream out, QueryParams q) throws IOException {
        return q.has("compress") ? new GZIPOutputStream(out) : out;
    }

    private static Set<String> tables(QueryParams q) {
        return Arrays.stream(q.get("tables").split(",")).map(String::trim).filter(t -> !t.isEmpty())
                .collect(Collectors.toSet());
    }
}
