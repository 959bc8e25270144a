package org.raftlite.raft;

/**
 * What JGroups' DNS_PING resolves on every discovery round to find the peers.
 *
 * @param recordType {@code A} (peers on this node's Raft port) or {@code SRV} (each record names host and port)
 * @param name       the name to resolve, e.g. a Kubernetes headless Service
 * @param server     {@code host:port} of the DNS server to ask, or null for the system's resolver
 */
public record DnsQuery(String recordType, String name, String server) {

    String pingXml() {
        return "<dns.DNS_PING dns_record_type=\"" + recordType + "\" dns_query=\"" + name + "\""
                + (server == null ? "" : " dns_address=\"" + server + "\"") + "/>";
    }
}
