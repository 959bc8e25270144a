package org.raftlite.http;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.raftlite.store.Store;

/** Quarkus' health endpoints, beside rqlite's /readyz: ready means the same as there. */
public class Health {

    @ApplicationScoped
    @Readiness
    public static class Ready implements HealthCheck {
        private final Store store;

        public Ready(Store store) {
            this.store = store;
        }

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("raftlite-store").status(store.isReady())
                    .withData("leader", store.hasLeader()).build();
        }
    }

    @ApplicationScoped
    @Liveness
    public static class Live implements HealthCheck {
        private final Store store;

        public Live(Store store) {
            this.store = store;
        }

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("raftlite-node").status(store.isOpen()).build();
        }
    }
}
