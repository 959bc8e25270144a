package org.raftlite.cluster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.raftlite.command.NodeMeta;

/**
 * The cluster's members as the log describes them: changed only by the state machine, read by anyone. Every node
 * holds the same registry at the same log index.
 */
public final class Nodes {

    private final Map<String, NodeMeta> byId = new ConcurrentHashMap<>();
    private final Consumer<Collection<NodeMeta>> onChange;

    public Nodes(Consumer<Collection<NodeMeta>> onChange) {
        this.onChange = onChange;
    }

    public void put(NodeMeta node) {
        if (!node.equals(byId.put(node.id(), node))) {
            onChange.accept(all());
        }
    }

    public void remove(String id) {
        if (byId.remove(id) != null) {
            onChange.accept(all());
        }
    }

    /** Takes a snapshot's registry in place of this one. */
    public void replaceAll(Collection<NodeMeta> all) {
        byId.clear();
        all.forEach(n -> byId.put(n.id(), n));
        onChange.accept(all());
    }

    public NodeMeta get(String id) {
        return id == null ? null : byId.get(id);
    }

    public List<NodeMeta> all() {
        List<NodeMeta> nodes = new ArrayList<>(byId.values());
        nodes.sort((a, b) -> a.id().compareTo(b.id()));
        return nodes;
    }
}
