package org.raftlite.raft;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The JGroups protocol stack of a node: TCP on the Raft address, TCPPING to find peers, failure detection on a
 * fixed port beside the Raft port ({@link #FD_PORT_OFFSET}), and jgroups-raft's ELECTION, RAFT and REDIRECT on top.
 * TCP turns Nagle's algorithm off (JGroups leaves it on): every write waits for an AppendEntries message and its
 * answer, small messages that Nagle would hold back until the previous one is acknowledged. For the same reason a
 * message is written by the thread that sends it (no bundler thread) and a message received goes up on the thread
 * that read it (no thread pool): every hand-off between threads is a context switch on the path of every write, RAFT
 * already puts many entries in one message, which is what a bundler would have done, and RAFT queues what it receives
 * for its own thread without ever making the reading thread wait ({@link IndexedRaft#add}).
 */
final class StackConfig {

    /** FD_SOCK2 listens on the Raft port plus this; tests and manifests reserve that port too. */
    static final int FD_PORT_OFFSET = 1;

    private StackConfig() {
    }

    /**
     * A node with no one else to look for need not wait for answers before forming its own group; one that has
     * peers waits long enough that a busy machine's slow answer does not split it off into a group of its own
     * (MERGE3 would heal that, but only after a while).
     */
    private static int joinTimeoutMs(List<String> initialHosts) {
        return initialHosts.size() <= 1 ? 100 : 3000;
    }

    /**
     * @param dnsQuery  when set, peers are found by resolving it on every discovery round (JGroups' DNS_PING, for
     *                  Kubernetes' headless services) instead of the fixed host list
     */
    static String xml(String bindHost, int bindPort, List<String> initialHosts, DnsQuery dnsQuery, String raftClass) {
        String discovery = dnsQuery == null ? tcpPing(initialHosts) : dnsQuery.pingXml();
        return """
                <config xmlns="urn:org:jgroups">
                  <TCP bind_addr="%s" bind_port="%d" port_range="0" diag.enabled="false" tcp_nodelay="true"
                       bundler_type="no-bundler" message_processing_policy="direct"
                       thread_pool.min_threads="2" thread_pool.max_threads="64"/>
                  %s
                  <MERGE3 min_interval="2000" max_interval="5000"/>
                  <FD_SOCK2 bind_addr="%s" offset="%d" port_range="0"/>
                  <FD_ALL3 timeout="20000" interval="4000"/>
                  <VERIFY_SUSPECT2 timeout="3000"/>
                  <pbcast.NAKACK2 xmit_interval="200" use_mcast_xmit="false"/>
                  <UNICAST3 xmit_interval="200"/>
                  <pbcast.STABLE desired_avg_gossip="50000" max_bytes="4M"/>
                  <raft.NO_DUPES/>
                  <pbcast.GMS print_local_addr="false" join_timeout="%d"/>
                  <UFC max_credits="4M" min_threshold="0.4"/>
                  <FRAG4 frag_size="60K"/>
                  <%s vote_timeout="600"/>
                  <%s/>
                  <raft.REDIRECT/>
                </config>
                """.formatted(bindHost, bindPort, discovery, bindHost, FD_PORT_OFFSET,
                dnsQuery == null ? joinTimeoutMs(initialHosts) : 3000, VoterAwareElection.class.getName(), raftClass);
    }

    private static String tcpPing(List<String> initialHosts) {
        String hosts = initialHosts.stream()
                .map(h -> h.contains("[") ? h : h.replaceFirst(":(\\d+)$", "[$1]"))
                .collect(Collectors.joining(","));
        return "<TCPPING initial_hosts=\"" + hosts + "\" port_range=\"0\" return_entire_cache=\"true\"/>";
    }
}
