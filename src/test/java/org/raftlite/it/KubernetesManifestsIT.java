package org.raftlite.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.raftlite.testing.Npm;

/**
 * kubernetes/ renders offline with {@code kubectl kustomize}, every object passes the Kubernetes schemas
 * (kubernetes-models, offline), and the StatefulSet starts nodes the way the cluster needs them.
 */
class KubernetesManifestsIT {

    @Test
    void manifestsRenderAndValidate() throws Exception {
        Npm.Result rendered = Npm.run(Path.of(".").toAbsolutePath(), List.of("kubectl", "kustomize", "kubernetes/"),
                null, 120);
        assertEquals(0, rendered.exitCode(), rendered.output());
        String yaml = rendered.output();

        Path validator = Npm.install("k8s-validate", "kubernetes-models@4.5.1", "js-yaml@4.1.0");
        Path script = Path.of("src", "test", "js", "validate-manifests.js").toAbsolutePath();
        Npm.Result valid = Npm.run(validator, List.of("node", script.toString()),
                yaml.getBytes(StandardCharsets.UTF_8), 120);
        assertEquals(0, valid.exitCode(), valid.output());
        assertEquals(List.of("ConfigMap/raftlite", "Service/raftlite", "Service/raftlite-internal", "StatefulSet/raftlite",
                "PodDisruptionBudget/raftlite"), valid.output().strip().lines().toList());

        for (String expected : List.of("clusterIP: None", "publishNotReadyAddresses: true",
                "podManagementPolicy: Parallel", "serviceName: raftlite-internal", "- -disco-mode=dns",
                "- -disco-config={\"name\":\"raftlite-internal\"}", "- -bootstrap-expect=3", "path: /readyz",
                "path: /q/health/live", "runAsNonRoot: true", "maxUnavailable: 1", "storage: 1Gi",
                "containerPort: 4003", "- -raft-cluster-remove-shutdown=true", "mountPath: /raftlite")) {
            assertTrue(yaml.contains(expected), "rendered manifests contain " + expected + "\n" + yaml);
        }
    }
}
