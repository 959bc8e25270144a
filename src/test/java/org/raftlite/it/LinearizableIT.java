package org.raftlite.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.raftlite.testing.Cluster;
import org.raftlite.testing.NodeProcess;

/**
 * A linearizable read is answered only once a quorum has confirmed, after the read arrived, that its node still
 * leads (DESIGN.md decision 6): a leader that has lost its followers, and not yet noticed, answers with an error.
 */
class LinearizableIT {

    private static final String ROW = "{\"results\":[{\"columns\":[\"v\"],\"types\":[\"text\"],\"values\":[[\"x\"]]}]}";
    private static final String READ = "/db/query?level=linearizable&linearizable_timeout=1s";

    private static void writeTheRow(Cluster cluster) throws Exception {
        cluster.leader().execute("[\"CREATE TABLE lin (v TEXT)\", \"INSERT INTO lin VALUES('x')\"]");
        assertEquals(ROW, cluster.leader().post(READ, "[\"SELECT v FROM lin\"]").body());
    }

    private static void assertNoReadAnswered(NodeProcess leader) throws Exception {
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> r = leader.post(READ, "[\"SELECT v FROM lin\"]");
            assertNotEquals(ROW, r.body(), "read " + i + " answered without a quorum");
        }
    }

    @Test
    void aLeaderWhoseOnlyFollowerWasKilledAnswersNoLinearizableRead() throws Exception {
        try (Cluster cluster = Cluster.start(2)) {
            writeTheRow(cluster);
            NodeProcess leader = cluster.leader();
            cluster.followers().get(0).kill();
            assertNoReadAnswered(leader);
        }
    }

    @Test
    void aLeaderWhoseFollowersAreSilentlyPausedAnswersNoLinearizableRead() throws Exception {
        try (Cluster cluster = Cluster.start(3)) {
            writeTheRow(cluster);
            NodeProcess leader = cluster.leader();
            java.util.List<NodeProcess> followers = cluster.followers();
            for (NodeProcess follower : followers) {
                follower.pause();
            }
            try {
                assertNoReadAnswered(leader);
            } finally {
                for (NodeProcess follower : followers) {
                    follower.resume();
                }
            }
            Cluster.await(Duration.ofSeconds(60), "linearizable reads again once the followers are back", () -> {
                try {
                    return cluster.leader().post(READ, "[\"SELECT v FROM lin\"]").body().equals(ROW);
                } catch (Exception e) {
                    return false;
                }
            });
        }
    }
}
