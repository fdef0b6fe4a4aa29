package dev.sponge.deploy;

import java.util.List;

import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The autoscalers own the replica counts, the API scales on saturation within what
 * Cassandra serves, and disruption budgets never block a drain on an unhealthy pod.
 */
class ScalingPolicyTest {

	static final List<String> OVERLAYS = Rendered.OVERLAYS;

	private static final String PROD = "k8s/overlays/prod";

	@ParameterizedTest
	@FieldSource("OVERLAYS")
	void autoscalersOwnTheReplicasScaleOnSaturationAndBudgetsEvictUnhealthyPods(String overlay) {
		Rendered rendered = Rendered.of(overlay);
		assertThat(ScalingPolicy.check(rendered, ApiConfiguration.of(rendered), cassandraNodes())).isEmpty();
	}

	@Test
	void aDeploymentThatSetsReplicasUnderAnAutoscalerIsRefused() {
		Rendered rendered = Rendered.copyOf(PROD);
		rendered.deployment("sponge-api").getSpec().setReplicas(3);
		assertThat(ScalingPolicy.check(rendered, ApiConfiguration.of(rendered), cassandraNodes())).containsExactly(
				"sponge-api sets spec.replicas 3 though HorizontalPodAutoscaler sponge-api scales it: every apply would "
						+ "reset the autoscaler's count");
	}

	@Test
	void anApiAutoscalerOnCpuOnlyIsRefused() {
		Rendered rendered = Rendered.copyOf(PROD);
		V2HorizontalPodAutoscaler hpa = rendered.named(V2HorizontalPodAutoscaler.class, "sponge-api");
		hpa.getSpec().setMetrics(hpa.getSpec().getMetrics().subList(0, 1));
		assertThat(ScalingPolicy.check(rendered, ApiConfiguration.of(rendered), cassandraNodes())).containsExactly(
				"HorizontalPodAutoscaler sponge-api needs one Pods metric sponge_ingest_admission_in_use with an "
						+ "averageValue target");
	}

	@Test
	void aSaturationTargetAtTheAdmissionLimitOrTooManyPodsForCassandraIsRefused() {
		Rendered rendered = Rendered.copyOf(PROD);
		V2HorizontalPodAutoscaler hpa = rendered.named(V2HorizontalPodAutoscaler.class, "sponge-api");
		hpa.getSpec().getMetrics().get(1).getPods().getTarget().setAverageValue(Quantity.fromString("12"));
		hpa.getSpec().setMaxReplicas(20);
		assertThat(ScalingPolicy.check(rendered, ApiConfiguration.of(rendered), cassandraNodes())).containsExactly(
				"HorizontalPodAutoscaler sponge-api targets 12 sponge_ingest_admission_in_use per pod; it must be above 0 "
						+ "and below the admission limit 12, or pods refuse ingest before it scales",
				"HorizontalPodAutoscaler sponge-api may scale to 20 pods, more than 3 per Cassandra node (9)");
	}

	@Test
	void aBudgetThatProtectsUnhealthyPodsIsRefused() {
		Rendered rendered = Rendered.copyOf(PROD);
		rendered.named(V1PodDisruptionBudget.class, "sponge-edge").getSpec().setUnhealthyPodEvictionPolicy(null);
		assertThat(ScalingPolicy.check(rendered, ApiConfiguration.of(rendered), cassandraNodes())).containsExactly(
				"PodDisruptionBudget sponge-edge needs unhealthyPodEvictionPolicy: AlwaysAllow, so a pod that is not "
						+ "ready never blocks a node drain");
	}

	static int cassandraNodes() {
		return Rendered.of(Rendered.CASSANDRA)
			.named(K8ssandraCluster.class, "sponge-cassandra")
			.spec()
			.cassandra()
			.datacenters()
			.stream()
			.mapToInt(K8ssandraCluster.Datacenter::size)
			.sum();
	}

}
