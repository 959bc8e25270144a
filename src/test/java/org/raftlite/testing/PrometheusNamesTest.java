package org.raftlite.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.Sum;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The dashboard check is only as good as its reading of PromQL and of the Collector's name translation. */
class PrometheusNamesTest {

    @Test
    void findsMetricNamesAndNothingElseInPromQl() {
        assertEquals(Set.of("raftlite_raft_apply_duration_seconds_bucket"), PrometheusNames.metricsIn(
                "histogram_quantile(0.99, sum by (le, instance) (rate(raftlite_raft_apply_duration_seconds_bucket"
                        + "{instance=~\"$instance\", job=\"raftlite\"}[$__rate_interval])))"));
        assertEquals(Set.of("raftlite_raft_commit_index", "raftlite_raft_applied_index"), PrometheusNames.metricsIn(
                "scalar(max(raftlite_raft_commit_index)) - on() group_right() raftlite_raft_applied_index > 1e3"));
        assertEquals(Set.of("raftlite_raft_term"), PrometheusNames.metricsIn("label_values(raftlite_raft_term, instance)"));
        assertEquals(Set.of("raftlite_raft_term"), PrometheusNames.metricsIn(
                "max_over_time(raftlite_raft_term[10m]) unless raftlite_raft_term"));
    }

    @Test
    void translatesLikeTheCollectorsPrometheusExporter() {
        assertEquals(Set.of("db_client_operation_duration_seconds_bucket", "db_client_operation_duration_seconds_sum",
                "db_client_operation_duration_seconds_count"), PrometheusNames.of(Metric.newBuilder()
                .setName("db.client.operation.duration").setUnit("s").setHistogram(Histogram.getDefaultInstance())
                .build()));
        assertEquals(Set.of("raftlite_raft_leader_changes_total"), PrometheusNames.of(Metric.newBuilder()
                .setName("raftlite.raft.leader.changes").setSum(Sum.newBuilder().setIsMonotonic(true)).build()));
        assertEquals(Set.of("raftlite_raft_log_size_bytes"), PrometheusNames.of(Metric.newBuilder()
                .setName("raftlite.raft.log.size").setUnit("By").setGauge(Gauge.getDefaultInstance()).build()));
        assertEquals(Set.of("jvm_cpu_recent_utilization_ratio"), PrometheusNames.of(Metric.newBuilder()
                .setName("jvm.cpu.recent_utilization").setUnit("1").setGauge(Gauge.getDefaultInstance()).build()));
    }
}
