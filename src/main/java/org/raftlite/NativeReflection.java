package org.raftlite;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Classes a native image must keep for reflection: sqlite-jdbc's result set (its declared-type accessor is private)
 * our RAFT and election, which JGroups instantiates by name from the stack configuration, and the InstallSnapshot header whose
 * index it reads.
 */
@RegisterForReflection(targets = {org.sqlite.jdbc3.JDBC3ResultSet.class, org.raftlite.raft.IndexedRaft.class,
        org.raftlite.raft.VoterAwareElection.class,
        org.jgroups.protocols.raft.InstallSnapshotRequest.class}, methods = true, fields = true)
final class NativeReflection {

    private NativeReflection() {
    }
}
