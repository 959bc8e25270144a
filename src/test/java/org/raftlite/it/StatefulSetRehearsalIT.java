package org.raftlite.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.raftlite.testing.Cluster;
import org.raftlite.testing.Dirs;
import org.raftlite.testing.NodeProcess;

/**
 * The StatefulSet's boot, rehearsed on 127.0.0.1: pods raftlite-0..2 started through the container entrypoint with
 * the manifest's arguments and DNS answered by RQLITE_DISCO_DNS_HOSTS form one cluster; a fourth pod joins (scale
 * up) and leaves on SIGTERM (scale down); a killed pod restarted on its volume rejoins with its data.
 */
class StatefulSetRehearsalIT {

    /** The container args of kubernetes/statefulset.yaml (KubernetesManifestsIT checks the manifest has them). */
    static final String[] ARGS = {"-disco-mode=dns", "-disco-config={\"name\":\"raftlite-internal\"}",
            "-bootstrap-expect=3", "-join-interval=1s", "-join-attempts=120", "-raft-cluster-remove-shutdown=true"};

    @Test
    void podsFormScaleAndHeal() throws Exception {
        Path root = Files.createTempDirectory("raftlite-sts");
        List<NodeProcess> pods = new ArrayList<>();
        try {
            for (int i = 0; i <= 3; i++) {
                pods.add(new NodeProcess("raftlite-" + i, root.resolve("raftlite-" + i), ARGS).throughEntrypoint());
            }
            String dns = pods.stream().map(NodeProcess::raftAddress).collect(Collectors.joining(","));
            pods.forEach(p -> p.withEnv("RQLITE_DISCO_DNS_HOSTS", dns));

            NodeProcess first = pods.get(0).start();
            Cluster.await(Duration.ofSeconds(60), "raftlite-0 to answer /readyz 503 while alone", () -> {
                try {
                    return first.get("/readyz").statusCode() == 503;
                } catch (Exception e) {
                    return false;
                }
            });
            pods.get(1).start();
            pods.get(2).start();
            for (NodeProcess pod : pods.subList(0, 3)) {
                pod.awaitReady();
            }
            Cluster.await(Duration.ofSeconds(30), "three voters", () ->
                    ClusterIT.count(first.nodesJson(), "\"voter\":true") == 3);
            first.execute("[\"CREATE TABLE sts (x)\", \"INSERT INTO sts VALUES('kept')\"]");

            NodeProcess fourth = pods.get(3).start().awaitReady();
            Cluster.await(Duration.ofSeconds(30), "the scaled-up pod to be a voter",
                    () -> ClusterIT.count(first.nodesJson(), "\"voter\":true") == 4);
            fourth.stop();
            Cluster.await(Duration.ofSeconds(30), "the scaled-down pod to leave the configuration",
                    () -> !first.nodesJson().contains("\"raftlite-3\""));

            NodeProcess second = pods.get(1);
            second.kill();
            second.start().awaitReady();
            String expected = "{\"results\":[{\"columns\":[\"x\"],\"types\":[\"text\"],\"values\":[[\"kept\"]]}]}";
            Cluster.await(Duration.ofSeconds(30), "the restarted pod to hold its data",
                    () -> ClusterIT.query(second, "SELECT x FROM sts").equals(expected));
            assertTrue(second.status().contains("\"node_id\":\"raftlite-1\""));
        } finally {
            for (NodeProcess pod : pods) {
                pod.close();
            }
            Dirs.deleteQuietly(root);
        }
    }
}
