package org.raftlite.cluster;

import org.raftlite.config.NodeConfig;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.raftlite.raft.DnsQuery;
import java.util.Optional;
import java.util.Set;

/**
 * How a node enters its Raft group (API.md §7.2, DESIGN.md decision 9). jgroups-raft has a static member list and
 * no join call, so: a new node with no {@code -join} starts as the only voter; a joining node starts with no voters
 * at all (a Learner) and is made a voter by the leader; a restarted node starts from what it saved, whatever its
 * flags say, which makes joining twice harmless.
 */
public final class Formation {

    /**
     * @param members  the voters RAFT starts with; the log's membership changes apply on top
     * @param hosts    Raft addresses to look for the group at
     * @param expect   with {@code -bootstrap-expect}: how many nodes must meet before the voters are fixed, else 0
     * @param dnsQuery with {@code -disco-mode dns} or {@code dns-srv}: the name whose records are the peers, else null
     */
    public record Plan(List<String> members, List<String> hosts, int expect, DnsQuery dnsQuery) {
    }

    private Formation() {
    }

    public static Plan plan(NodeConfig config, ClusterFiles files) {
        String self = config.advertisedRaftAddr();
        List<String> join = config.join().orElse(List.of()).stream().filter(a -> !a.isBlank()).toList();
        Optional<ClusterFiles.State> saved = files.read();
        DnsDiscovery dns = config.discoMode().isPresent() ? DnsDiscovery.from(config) : null;
        DnsQuery dnsQuery = dns == null ? null : dns.dnsQuery();
        List<String> discovered = dns == null ? List.of() : dns.overrideHosts();
        if (saved.isPresent()) {
            ClusterFiles.State state = saved.get();
            boolean soleMember = state.members().equals(List.of(config.id())) && state.peers().size() <= 1;
            if (soleMember && !join.isEmpty() && !join.equals(List.of(self))) {
                throw new IllegalStateException("node " + config.id() + " is already the only member of its own "
                        + "cluster and cannot join another; remove its data directory to join");
            }
            return new Plan(state.members(), union(state.peers(), join, discovered, List.of(self)), 0, dnsQuery);
        }
        if (config.bootstrapExpect() > 0) {
            if (config.raftNonVoter()) {
                throw new IllegalStateException("a read replica (-raft-non-voter) cannot bootstrap a cluster");
            }
            // the voters are fixed, and saved, once the expected nodes have met
            return new Plan(List.of(), union(join, discovered, List.of(self)), config.bootstrapExpect(), dnsQuery);
        }
        Plan plan = join.isEmpty() && dns == null && !config.raftNonVoter()
                ? new Plan(List.of(config.id()), List.of(self), 0, null)
                : new Plan(List.of(), union(join, discovered, List.of(self)), 0, dnsQuery);
        files.write(new ClusterFiles.State(plan.members(), plan.hosts()));
        return plan;
    }

    @SafeVarargs
    private static List<String> union(List<String>... lists) {
        Set<String> all = new LinkedHashSet<>();
        for (List<String> l : lists) {
            all.addAll(l);
        }
        return new ArrayList<>(all);
    }
}
