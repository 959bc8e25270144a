package org.raftlite.cli;

import java.util.List;

/**
 * One rqlited command-line flag.
 *
 * @param keys   the configuration keys it sets; empty for a flag whose feature is not built yet
 */
record Flag(String name, Type type, String defaultValue, String usage, List<String> keys) {

    enum Type { BOOL, STRING, INT, DURATION }

    boolean inEffect() {
        return !keys.isEmpty();
    }
}
