package org.raftlite.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jgroups.JChannel;
import org.jgroups.protocols.TCPPING;
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
                IndexedRaft.class.getName());
        try (JChannel ch = channel(xml)) {
            TCPPING ping = ch.getProtocolStack().findProtocol(TCPPING.class);
            assertEquals(2, ping.getInitialHosts().size());
        }
        assertTrue(!xml.contains("FD_SOCK"), "a node listens on its Raft port only: " + xml);
    }

    @Test
    void dnsModesUseDnsPingWithTheirRecordType() throws Exception {
        for (DnsQuery query : List.of(new DnsQuery("A", "raftlite-internal", null),
                new DnsQuery("SRV", "_raft._tcp.raftlite-internal", "127.0.0.1:5353"))) {
            String xml = StackConfig.xml("127.0.0.1", FreePorts.one(), List.of(), query,
                    IndexedRaft.class.getName());
            assertTrue(xml.contains("dns_record_type=\"" + query.recordType() + "\" dns_query=\""
                    + query.name() + "\""), xml);
            assertEquals(query.server() != null, xml.contains("dns_address=\"127.0.0.1:5353\""), xml);
            try (JChannel ch = channel(xml)) {
                assertTrue(ch.getProtocolStack().findProtocol(DNS_PING.class) != null);
            }
        }
    }
}
