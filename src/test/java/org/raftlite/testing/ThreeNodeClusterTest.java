package org.raftlite.testing;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A test class that shares one three-node cluster, formed with -join, among its tests. */
public abstract class ThreeNodeClusterTest {

    protected static Cluster cluster;

    @BeforeAll
    static void form() throws Exception {
        cluster = Cluster.start(3);
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }
}
