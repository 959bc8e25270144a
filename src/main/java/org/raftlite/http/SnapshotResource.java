package org.raftlite.http;

import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Optional;
import org.raftlite.store.SnapshotFile;
import org.raftlite.store.Store;

/**
 * Node to node: a snapshot's SQLite file, streamed to a follower that installs the snapshot (DESIGN.md decision 4).
 * Once open, the copy stays readable even if a newer snapshot replaces it; if it was replaced before, the transfer
 * fails and the follower asks again (its size and CRC check catch anything short).
 */
@Path(SnapshotFile.PATH)
@Blocking
public class SnapshotResource {

    private final Store store;

    public SnapshotResource(Store store) {
        this.store = store;
    }

    @GET
    public Response file(@Context UriInfo uri) {
        QueryParams q = QueryParams.validated(uri.getQueryParameters());
        Optional<SnapshotFile> found = store.snapshotFile(q.integer("min_index", 0));
        if (found.isEmpty()) {
            return JsonResponses.plain(404, "no snapshot at that index here");
        }
        SnapshotFile file = found.get();
        StreamingOutput body = out -> {
            try (InputStream in = Files.newInputStream(file.path())) {
                in.transferTo(out);
            }
        };
        return Response.ok(body, "application/octet-stream").header("Content-Length", file.size())
                .header(SnapshotFile.INDEX_HEADER, file.index()).header(SnapshotFile.TERM_HEADER, file.term())
                .header(SnapshotFile.CRC_HEADER, file.crc32c()).build();
    }
}
