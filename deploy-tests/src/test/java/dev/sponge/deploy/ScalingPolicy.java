package dev.sponge.deploy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import io.kubernetes.client.openapi.models.V2MetricSpec;

import dev.sponge.ingest.IngestAdmissionProperties;

/**
 * Autoscaling and disruptions: a Deployment an autoscaler scales sets no replicas (each
 * apply would reset the scale-out); the API scales on its ingest saturation as well as
 * CPU, at a target below its admission limit; its maximum stays within what the Cassandra
 * data centre can serve; budgets let unhealthy pods be evicted. Returns what is wrong;
 * empty when all holds.
 */
final class ScalingPolicy {

	/** The gauge of ingest requests in progress per pod (IngestAdmission). */
	static final String SATURATION_METRIC = "sponge_ingest_admission_in_use";

	/**
	 * API pods per Cassandra node at most: docs/deploy.md, Scaling (one pod of two cores
	 * drove 0.84 of what the bare driver got from a node; with replication 3 on 3 nodes
	 * every node stores every point).
	 */
	static final int API_PODS_PER_CASSANDRA_NODE = 3;

	private ScalingPolicy() {
	}

	static List<String> check(Rendered rendered, ApiConfiguration configuration, int cassandraNodes) {
		List<String> problems = new ArrayList<>();
		for (V2HorizontalPodAutoscaler hpa : rendered.all(V2HorizontalPodAutoscaler.class)) {
			String target = hpa.getSpec().getScaleTargetRef().getName();
			V1Deployment deployment = rendered.deployment(target);
			if (deployment.getSpec().getReplicas() != null) {
				problems.add(target + " sets spec.replicas " + deployment.getSpec().getReplicas() + " though "
						+ "HorizontalPodAutoscaler " + Rendered.name(hpa) + " scales it: every apply would reset the "
						+ "autoscaler's count");
			}
			List<V2MetricSpec> metrics = Objects.requireNonNullElse(hpa.getSpec().getMetrics(), List.of());
			if (metrics.stream().noneMatch((m) -> m.getResource() != null && "cpu".equals(m.getResource().getName()))) {
				problems.add("HorizontalPodAutoscaler " + Rendered.name(hpa) + " needs a CPU metric");
			}
		}
		V2HorizontalPodAutoscaler api = rendered.named(V2HorizontalPodAutoscaler.class, "sponge-api");
		int admission = configuration.bind("sponge.ingest.admission", IngestAdmissionProperties.class)
			.maxConcurrentRequests();
		List<V2MetricSpec> saturation = Objects.requireNonNullElse(api.getSpec().getMetrics(), List.<V2MetricSpec>of())
			.stream()
			.filter((m) -> "Pods".equals(m.getType()) && m.getPods() != null
					&& SATURATION_METRIC.equals(m.getPods().getMetric().getName()))
			.toList();
		if (saturation.size() != 1 || saturation.get(0).getPods().getTarget().getAverageValue() == null) {
			problems.add("HorizontalPodAutoscaler sponge-api needs one Pods metric " + SATURATION_METRIC
					+ " with an averageValue target");
		}
		else {
			BigDecimal target = saturation.get(0).getPods().getTarget().getAverageValue().getNumber();
			if (target.signum() <= 0 || target.compareTo(BigDecimal.valueOf(admission)) >= 0) {
				problems.add("HorizontalPodAutoscaler sponge-api targets " + target.toPlainString() + " "
						+ SATURATION_METRIC + " per pod; it must be above 0 and below the admission limit " + admission
						+ ", or pods refuse ingest before it scales");
			}
		}
		int ceiling = API_PODS_PER_CASSANDRA_NODE * cassandraNodes;
		if (api.getSpec().getMaxReplicas() > ceiling) {
			problems.add("HorizontalPodAutoscaler sponge-api may scale to " + api.getSpec().getMaxReplicas()
					+ " pods, more than " + API_PODS_PER_CASSANDRA_NODE + " per Cassandra node (" + ceiling + ")");
		}
		for (V1PodDisruptionBudget pdb : rendered.all(V1PodDisruptionBudget.class)) {
			if (!"AlwaysAllow".equals(pdb.getSpec().getUnhealthyPodEvictionPolicy())) {
				problems.add("PodDisruptionBudget " + Rendered.name(pdb) + " needs unhealthyPodEvictionPolicy: "
						+ "AlwaysAllow, so a pod that is not ready never blocks a node drain");
			}
		}
		return problems;
	}

}
