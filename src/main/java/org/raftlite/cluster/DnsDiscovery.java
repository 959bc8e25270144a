package org.raftlite.cluster;

import org.raftlite.config.NodeConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.raftlite.raft.DnsQuery;

/**
 * rqlite's {@code -disco-mode dns} and {@code dns-srv} (API.md §7.3): the peers are the A records of a name, on this
 * node's Raft port (every pod of a StatefulSet listens on the same one), or the SRV records of
 * {@code _service._tcp.name}, each with its own port. As in rqlite's own tests, {@code RQLITE_DISCO_DNS_HOSTS=
 * host:port,...} stands in for the DNS answer.
 */
record DnsDiscovery(String name, String recordType, String server, List<String> overrideHosts) {

    static final String OVERRIDE_ENV = "RQLITE_DISCO_DNS_HOSTS";

    static DnsDiscovery from(NodeConfig config) {
        String mode = config.discoMode().orElse("");
        if (!mode.equals("dns") && !mode.equals("dns-srv")) {
            throw new IllegalStateException("-disco-mode " + mode + " is not supported; use dns or dns-srv");
        }
        if (config.join().map(j -> !j.isEmpty()).orElse(false)) {
            throw new IllegalStateException("-join and -disco-mode cannot be used together");
        }
        if (config.bootstrapExpect() <= 0 && !config.raftNonVoter()) {
            throw new IllegalStateException("-disco-mode " + mode + " needs -bootstrap-expect");
        }
        JsonNode json = parse(config.discoConfig().orElse("{}"));
        String name = json.path("name").asText("");
        String service = json.path("service").asText("");
        if (mode.equals("dns-srv") && !service.isEmpty()) {
            name = "_" + service + "._tcp." + name;
        }
        String override = System.getenv(OVERRIDE_ENV);
        List<String> hosts = override == null || override.isBlank() ? List.of()
                : Arrays.stream(override.split(",")).map(String::trim).filter(h -> !h.isEmpty()).toList();
        if (name.isEmpty() && hosts.isEmpty()) {
            throw new IllegalStateException("-disco-config needs a \"name\" to resolve");
        }
        return new DnsDiscovery(name, mode.equals("dns-srv") ? "SRV" : "A", config.discoDnsServer().orElse(null),
                hosts);
    }

    /** What DNS_PING resolves on every discovery round; null when the override fixes the peers. */
    DnsQuery dnsQuery() {
        return overrideHosts.isEmpty() ? new DnsQuery(recordType, name, server) : null;
    }

    private static JsonNode parse(String jsonOrPath) {
        try {
            String text = jsonOrPath.trim().startsWith("{") ? jsonOrPath
                    : Files.readString(Path.of(jsonOrPath).toAbsolutePath());
            return new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read -disco-config " + jsonOrPath, e);
        }
    }
}
