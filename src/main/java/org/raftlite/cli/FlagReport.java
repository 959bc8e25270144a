package org.raftlite.cli;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Says, once the node is up, which of the given flags it accepted without acting on them yet. */
@Singleton
public class FlagReport {

    private static final Logger LOG = Logger.getLogger(FlagReport.class);

    void onStart(@Observes StartupEvent event,
                 @ConfigProperty(name = "raftlite.flags-not-in-effect") Optional<String> notInEffect) {
        notInEffect.filter(s -> !s.isBlank()).ifPresent(flags ->
                LOG.warnf("accepted but not yet in effect in this raftlite version: %s", flags));
    }
}
