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

    private record Rendered(String yaml, List<String> objects) {
    }

    /** {@code kubectl kustomize dir}, each object validated against the Kubernetes schemas. */
    private static Rendered renderAndValidate(String dir) throws Exception {
        Npm.Result rendered = Npm.run(Path.of(".").toAbsolutePath(), List.of("kubectl", "kustomize", dir), null, 120);
        assertEquals(0, rendered.exitCode(), rendered.output());
        Path validator = Npm.install("k8s-validate", "kubernetes-models@4.5.1", "js-yaml@4.1.0");
        Path script = Path.of("src", "test", "js", "validate-manifests.js").toAbsolutePath();
        Npm.Result valid = Npm.run(validator, List.of("node", script.toString()),
                rendered.output().getBytes(StandardCharsets.UTF_8), 120);
        assertEquals(0, valid.exitCode(), valid.output());
        return new Rendered(rendered.output(), valid.output().strip().lines().toList());
    }

    @Test
    void theOtelOverlayAddsTheCollectorAndPointsTheNodesAtIt() throws Exception {
        Rendered otel = renderAndValidate("observability/kubernetes");
        assertTrue(otel.objects().containsAll(List.of("StatefulSet/raftlite", "Deployment/otel-collector",
                "Service/otel-collector")), otel.objects().toString());
        assertTrue(otel.objects().stream().anyMatch(o -> o.startsWith("ConfigMap/otel-collector-")),
                otel.objects().toString());
        for (String expected : List.of("name: OTEL_EXPORTER_OTLP_ENDPOINT", "value: http://otel-collector:4318",
                "port: 4318", "containerPort: 4318", "endpoint: 0.0.0.0:4318", "- -bootstrap-expect=3")) {
            assertTrue(otel.yaml().contains(expected), "rendered overlay contains " + expected + "\n" + otel.yaml());
        }
    }

    @Test
    void manifestsRenderAndValidate() throws Exception {
        Rendered rendered = renderAndValidate("kubernetes/");
        String yaml = rendered.yaml();
        assertEquals(List.of("ConfigMap/raftlite", "Service/raftlite", "Service/raftlite-internal", "StatefulSet/raftlite",
                "PodDisruptionBudget/raftlite"), rendered.objects());

        for (String expected : List.of("clusterIP: None", "publishNotReadyAddresses: true",
                "podManagementPolicy: Parallel", "serviceName: raftlite-internal", "- -disco-mode=dns",
                "- -disco-config={\"name\":\"raftlite-internal\"}", "- -bootstrap-expect=3", "path: /readyz",
                "path: /q/health/live", "runAsNonRoot: true", "maxUnavailable: 1", "storage: 1Gi",
                "containerPort: 4002", "- -raft-cluster-remove-shutdown=true", "mountPath: /raftlite")) {
            assertTrue(yaml.contains(expected), "rendered manifests contain " + expected + "\n" + yaml);
        }
        assertTrue(!yaml.contains("containerPort: 4003"), "a node listens on its HTTP and Raft ports only");
    }
}
