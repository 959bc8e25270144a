package org.raftlite.cli;

import java.util.List;

/**
 * One rqlited command-line flag.
 *
 * @param keys     the configuration keys it sets; empty for a flag whose feature is not built yet
 * @param security whether it asks for protection (TLS, certificates): such a flag not in effect stops the node
 */
record Flag(String name, Type type, String defaultValue, String usage, List<String> keys, boolean security) {

    enum Type { BOOL, STRING, INT, UINT, DURATION }

    boolean inEffect() {
        return !keys.isEmpty();
    }
}
