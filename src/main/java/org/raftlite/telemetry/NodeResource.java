package org.raftlite.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.resources.Resource;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.raftlite.config.NodeConfig;

/** Every span and metric names its service and node (DESIGN.md "Telemetry names"). */
public class NodeResource {

    @Produces
    @Singleton
    Resource nodeResource(NodeConfig config) {
        return Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "raftlite",
                AttributeKey.stringKey("service.instance.id"), config.id()));
    }
}
