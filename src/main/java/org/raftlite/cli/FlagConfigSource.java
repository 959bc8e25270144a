package org.raftlite.cli;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The command line as configuration: {@link Main} fills it before Quarkus starts, and its ordinal puts flags above
 * every other source, as a flag given to rqlited overrides everything else.
 */
public class FlagConfigSource implements ConfigSource {

    private static final Map<String, String> PROPERTIES = new ConcurrentHashMap<>();

    static void install(Map<String, String> properties) {
        PROPERTIES.clear();
        PROPERTIES.putAll(properties);
    }

    @Override
    public Set<String> getPropertyNames() {
        return PROPERTIES.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return PROPERTIES.get(propertyName);
    }

    @Override
    public String getName() {
        return "raftlited-flags";
    }

    @Override
    public int getOrdinal() {
        return 500;
    }
}
