package org.raftlite.raft;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The JGroups protocol stack of a node, listening on the Raft port and nothing else (as rqlited does: harnesses hand
 * out ports one by one, so a second port beside the Raft port would be someone else's): TCP on the Raft address,
 * TCPPING to find peers, and jgroups-raft's ELECTION, RAFT and REDIRECT on top. A member is suspected when its
 * connection closes (a killed process: the kernel resets it at once) or when nothing has come from it for the
 * heartbeat timeout (a frozen process, a cut network); VERIFY_SUSPECT2 asks it once more before it is dropped
 * ({@link Timing} says how rqlite's timing flags set these).
 * TCP turns Nagle's algorithm off (JGroups leaves it on): every write waits for an AppendEntries message and its
 * answer, small messages that Nagle would hold back until the previous one is acknowledged. For the same reason a
 * message is written by the thread that sends it (no bundler thread) and a message received goes up on the thread
 * that read it (no thread pool): every hand-off between threads is a context switch on the path of every write, RAFT
 * already puts many entries in one message, which is what a bundler would have done, and RAFT queues what it receives
 * for its own thread without ever making the reading thread wait ({@link IndexedRaft#add}).
 */
final class StackConfig {

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
    static String xml(String bindHost, int bindPort, List<String> initialHosts, DnsQuery dnsQuery, String raftClass,
                      Timing timing) {
        String discovery = dnsQuery == null ? tcpPing(initialHosts) : dnsQuery.pingXml();
        return """
                <config xmlns="urn:org:jgroups">
                  <%s bind_addr="%s" bind_port="%d" port_range="0" diag.enabled="false" tcp_nodelay="true"
                       bundler_type="no-bundler" message_processing_policy="direct"
                       thread_pool.min_threads="2" thread_pool.max_threads="64" enable_suspect_events="true"/>
                  %s
                  <MERGE3 min_interval="2000" max_interval="5000"/>
                  <FD_ALL3 timeout="%d" interval="%d"/>
                  <VERIFY_SUSPECT2 timeout="%d"/>
                  <pbcast.NAKACK2 xmit_interval="200" use_mcast_xmit="false"/>
                  <UNICAST3 xmit_interval="200"/>
                  <pbcast.STABLE desired_avg_gossip="50000" max_bytes="4M"/>
                  <raft.NO_DUPES/>
                  <pbcast.GMS print_local_addr="false" join_timeout="%d"/>
                  <UFC max_credits="4M" min_threshold="0.4"/>
                  <FRAG4 frag_size="60K"/>
                  <%s vote_timeout="%d"/>
                  <%s resend_interval="%d"/>
                  <raft.REDIRECT/>
                </config>
                """.formatted(RaftTransport.class.getName(), bindHost, bindPort, discovery, timing.heartbeatTimeoutMs(),
                timing.heartbeatIntervalMs(), timing.electionWaitMs(),
                dnsQuery == null ? joinTimeoutMs(initialHosts) : 3000,
                VoterAwareElection.class.getName(), timing.electionWaitMs(), raftClass, timing.heartbeatIntervalMs());
    }

    private static String tcpPing(List<String> initialHosts) {
        String hosts = initialHosts.stream()
                .map(h -> h.contains("[") ? h : h.replaceFirst(":(\\d+)$", "[$1]"))
                .collect(Collectors.joining(","));
        return "<TCPPING initial_hosts=\"" + hosts + "\" port_range=\"0\" return_entire_cache=\"true\"/>";
    }
}
