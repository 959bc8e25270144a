package org.raftlite.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jgroups.JChannel;
import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.TCPPING;
import org.jgroups.protocols.VERIFY_SUSPECT2;
import org.jgroups.protocols.dns.DNS_PING;
import org.junit.jupiter.api.Test;
import org.raftlite.testing.FreePorts;

/** The JGroups stacks we build parse, and discovery is what the flags asked for. */
class StackConfigTest {

    private static JChannel channel(String xml) throws Exception {
        return new JChannel(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void fixedPeersUseTcpPing() throws Exception {
        int port = FreePorts.one();
        String xml = StackConfig.xml("127.0.0.1", port, List.of("127.0.0.1:" + port, "127.0.0.1:5002"), null,
                IndexedRaft.class.getName(), Timing.DEFAULTS);
        try (JChannel ch = channel(xml)) {
            TCPPING ping = ch.getProtocolStack().findProtocol(TCPPING.class);
            assertEquals(2, ping.getInitialHosts().size());
        }
        assertTrue(!xml.contains("FD_SOCK"), "a node listens on its Raft port only: " + xml);
    }

    /** -raft-heartbeat-timeout 2s -raft-election-timeout 3s, as the stack's protocols hold them. */
    @Test
    void raftTimingFlagsSetFailureDetectionAndElection() throws Exception {
        int port = FreePorts.one();
        String xml = StackConfig.xml("127.0.0.1", port, List.of("127.0.0.1:" + port), null,
                IndexedRaft.class.getName(), new Timing(2000, 3000));
        try (JChannel ch = channel(xml)) {
            FD_ALL3 fd = ch.getProtocolStack().findProtocol(FD_ALL3.class);
            assertEquals(2000, fd.getTimeout());
            assertEquals(500, fd.getInterval());
            assertEquals(1500, ch.getProtocolStack().<VERIFY_SUSPECT2>findProtocol(VERIFY_SUSPECT2.class)
                    .getTimeout());
            assertEquals(1500, ch.getProtocolStack().<VoterAwareElection>findProtocol(VoterAwareElection.class)
                    .voteTimeout());
        }
    }

    @Test
    void dnsModesUseDnsPingWithTheirRecordType() throws Exception {
        for (DnsQuery query : List.of(new DnsQuery("A", "raftlite-internal", null),
                new DnsQuery("SRV", "_raft._tcp.raftlite-internal", "127.0.0.1:5353"))) {
            String xml = StackConfig.xml("127.0.0.1", FreePorts.one(), List.of(), query,
                    IndexedRaft.class.getName(), Timing.DEFAULTS);
            assertTrue(xml.contains("dns_record_type=\"" + query.recordType() + "\" dns_query=\""
                    + query.name() + "\""), xml);
            assertEquals(query.server() != null, xml.contains("dns_address=\"127.0.0.1:5353\""), xml);
            try (JChannel ch = channel(xml)) {
                assertTrue(ch.getProtocolStack().findProtocol(DNS_PING.class) != null);
            }
        }
    }
}
