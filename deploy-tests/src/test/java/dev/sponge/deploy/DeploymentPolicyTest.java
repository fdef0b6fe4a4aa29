package dev.sponge.deploy;

import java.util.List;
import java.util.Map;

import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1NetworkPolicyIngressRule;
import io.kubernetes.client.openapi.models.V1NetworkPolicyPort;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The policies a platform team runs, on every overlay; each broken variant shows the
 * check catching what it is there for.
 */
class DeploymentPolicyTest {

	static final List<String> OVERLAYS = Rendered.OVERLAYS;

	private static final String PROD = "k8s/overlays/prod";

	@ParameterizedTest
	@FieldSource("OVERLAYS")
	void everyContainerHasResourcesProbesAHardenedSecurityContextAndAPinnedImage(String overlay) {
		List<V1Deployment> deployments = Rendered.of(overlay).all(V1Deployment.class);
		assertThat(deployments).hasSize(2);
		assertThat(deployments).flatMap(PodPolicy::containers).isEmpty();
	}

	@ParameterizedTest
	@FieldSource("OVERLAYS")
	void everyDeploymentRollsWithoutUnavailabilityAndSpreadsOverZonesAndNodes(String overlay) {
		assertThat(Rendered.of(overlay).all(V1Deployment.class)).flatMap(PodPolicy::rollout).isEmpty();
	}

	@ParameterizedTest
	@FieldSource("OVERLAYS")
	void labelsSelectorsNamesAndPortsAgreeAcrossObjects(String overlay) {
		assertThat(WiringPolicy.references(Rendered.of(overlay))).isEmpty();
	}

	@ParameterizedTest
	@FieldSource("OVERLAYS")
	void onlyTheEdgeReachesTheApiOnlyPrometheusReachesManagementAndTheApiReachesOnlyCassandraAndTheIssuer(
			String overlay) {
		ApiConfiguration.Actuator actuator = ApiConfiguration.of(Rendered.of(overlay)).actuator();
		assertThat(actuator.managementPort()).as("management.server.port").isNotNull();
		assertThat(NetworkPolicyCheck.check(Rendered.of(overlay), actuator.serverPort(), actuator.managementPort()))
			.isEmpty();
	}

	@Test
	void aContainerWithAWritableRootFilesystemIsRefused() {
		V1Deployment api = Rendered.copyOf(PROD).deployment("sponge-api");
		Rendered.container(api, "api").getSecurityContext().setReadOnlyRootFilesystem(false);
		assertThat(PodPolicy.containers(api)).containsExactly("sponge-api/api: needs readOnlyRootFilesystem: true");
	}

	@Test
	void aContainerKeepingCapabilitiesOrWithoutSeccompIsRefused() {
		V1Deployment edge = Rendered.copyOf(PROD).deployment("sponge-edge");
		V1Container lighttpd = Rendered.container(edge, "lighttpd");
		lighttpd.getSecurityContext().getCapabilities().setDrop(List.of("NET_RAW"));
		lighttpd.getSecurityContext().setSeccompProfile(null);
		edge.getSpec().getTemplate().getSpec().getSecurityContext().setSeccompProfile(null);
		assertThat(PodPolicy.containers(edge)).containsExactly(
				"sponge-edge/lighttpd: must drop ALL capabilities and add none",
				"sponge-edge/lighttpd: needs seccompProfile RuntimeDefault");
	}

	@Test
	void aContainerWithoutLimitsProbesOrTmpIsRefused() {
		V1Deployment api = Rendered.copyOf(PROD).deployment("sponge-api");
		V1Container container = Rendered.container(api, "api");
		container.getResources().setLimits(Map.of());
		container.setStartupProbe(null);
		container.setVolumeMounts(
				container.getVolumeMounts().stream().filter((m) -> !m.getMountPath().equals("/tmp")).toList());
		assertThat(PodPolicy.containers(api)).containsExactly("sponge-api/api: needs a memory limit",
				"sponge-api/api: needs an ephemeral-storage request and limit (its log and writable layer)",
				"sponge-api/api: needs liveness, readiness and startup probes",
				"sponge-api/api: needs an emptyDir volume mounted at /tmp (the root filesystem is read-only)",
				"sponge-api: its emptyDirs may hold 256 MiB, more than its containers' ephemeral-storage limits (0 MiB)");
	}

	@Test
	void anUnboundedEmptyDirOrEmptyDirsBeyondTheEphemeralStorageLimitsAreRefused() {
		V1Deployment edge = Rendered.copyOf(PROD).deployment("sponge-edge");
		var volumes = edge.getSpec().getTemplate().getSpec().getVolumes();
		volumes.stream().filter((v) -> v.getName().equals("run")).forEach((v) -> v.getEmptyDir().setSizeLimit(null));
		volumes.stream()
			.filter((v) -> v.getName().equals("cache"))
			.forEach((v) -> v.getEmptyDir().setSizeLimit(Quantity.fromString("1Gi")));
		assertThat(PodPolicy.containers(edge)).containsExactly("sponge-edge: emptyDir run needs a sizeLimit",
				"sponge-edge: its emptyDirs may hold 1123 MiB, more than its containers' ephemeral-storage limits (464 MiB)");
	}

	@Test
	void aPodThatMountsTheServiceAccountTokenOrMayRunAsRootIsRefused() {
		V1Deployment api = Rendered.copyOf(PROD).deployment("sponge-api");
		api.getSpec().getTemplate().getSpec().setAutomountServiceAccountToken(null);
		Rendered.container(api, "api").getSecurityContext().setRunAsNonRoot(false);
		assertThat(PodPolicy.containers(api)).containsExactly(
				"sponge-api/api: must run as non-root (runAsNonRoot: true)",
				"sponge-api: automountServiceAccountToken must be false");
	}

	@Test
	void unpinnedImagesAreRefused() {
		assertThat(PodPolicy.imagePinned("sponge-api")).isFalse();
		assertThat(PodPolicy.imagePinned("sponge-api:latest")).isFalse();
		assertThat(PodPolicy.imagePinned("registry.example.com:5000/sponge-api")).isFalse();
		assertThat(PodPolicy.imagePinned("registry.example.com:5000/sponge-api:0.1.0")).isTrue();
		assertThat(PodPolicy.imagePinned("sponge-api@sha256:0123abcd")).isTrue();
	}

	@Test
	void aRolloutThatMayDropBelowTheReplicaCountOrIsNotSpreadIsRefused() {
		V1Deployment api = Rendered.copyOf(PROD).deployment("sponge-api");
		api.getSpec().getStrategy().getRollingUpdate().setMaxUnavailable(new IntOrString(1));
		api.getSpec()
			.getTemplate()
			.getSpec()
			.setTopologySpreadConstraints(
					api.getSpec().getTemplate().getSpec().getTopologySpreadConstraints().subList(1, 2));
		assertThat(PodPolicy.rollout(api)).containsExactly("sponge-api: needs a RollingUpdate with maxUnavailable 0",
				"sponge-api: needs a topology spread over topology.kubernetes.io/zone that selects its own pods");
	}

	@Test
	void aSelectorThatMissesItsPodsIsRefused() {
		Rendered rendered = Rendered.copyOf(PROD);
		rendered.named(V1Service.class, "sponge-api").getSpec().getSelector().put("app.kubernetes.io/component", "apl");
		rendered.named(V1Service.class, "sponge-edge")
			.getSpec()
			.getPorts()
			.get(0)
			.setTargetPort(new IntOrString("tls"));
		rendered.named(V2HorizontalPodAutoscaler.class, "sponge-api").getSpec().setMinReplicas(10);
		assertThat(WiringPolicy.references(rendered)).containsExactly("Service sponge-api selects no Deployment's pods",
				"Service sponge-edge targets port tls, which sponge-edge does not declare",
				"HorizontalPodAutoscaler sponge-api has minReplicas above maxReplicas");
	}

	@Test
	void aPodMonitorOnAPortThePodsDoNotDeclareIsRefused() {
		Rendered rendered = Rendered.copyOf(PROD);
		rendered.named(PodMonitor.class, "sponge-edge").getSpec().getPodMetricsEndpoints().get(0).setPort("mtail");
		assertThat(WiringPolicy.references(rendered))
			.containsExactly("PodMonitor sponge-edge scrapes port mtail, which sponge-edge does not declare");
	}

	@Test
	void theEdgeMetricsPortOpenToAnyoneIsRefused() {
		Rendered rendered = Rendered.copyOf(PROD);
		rendered.named(V1NetworkPolicy.class, "sponge-edge")
			.getSpec()
			.addIngressItem(new V1NetworkPolicyIngressRule()
				.addPortsItem(new V1NetworkPolicyPort().protocol("TCP").port(new IntOrString("metrics"))));
		assertThat(NetworkPolicyCheck.check(rendered, 8080, 8081))
			.containsExactly("NetworkPolicy sponge-edge: metrics port 3903 must be open to Prometheus only");
	}

	@Test
	void anIngressRuleOpenToAnyoneOnTheApiPortIsRefused() {
		Rendered rendered = Rendered.copyOf(PROD);
		rendered.named(V1NetworkPolicy.class, "sponge-api")
			.getSpec()
			.addIngressItem(new V1NetworkPolicyIngressRule()
				.addPortsItem(new V1NetworkPolicyPort().protocol("TCP").port(new IntOrString(8080))));
		assertThat(NetworkPolicyCheck.check(rendered, 8080, 8081))
			.containsExactly("NetworkPolicy sponge-api: API port 8080 must be open to the edge's pods only");
	}

	@Test
	void anEgressRuleToAnyPortOrAnExtraPortIsRefused() {
		Rendered rendered = Rendered.copyOf(PROD);
		var egress = rendered.named(V1NetworkPolicy.class, "sponge-api").getSpec().getEgress();
		egress.get(0).setPorts(null);
		egress.get(1).addPortsItem(new V1NetworkPolicyPort().protocol("TCP").port(new IntOrString(22)));
		assertThat(NetworkPolicyCheck.check(rendered, 8080, 8081)).containsExactly(
				"NetworkPolicy sponge-api: a rule opens every port; name the ports",
				"NetworkPolicy sponge-api: lets traffic out on port 22");
	}

	@Test
	void withoutADefaultDenyPolicyTheNetworkCheckFails() {
		Rendered rendered = Rendered.copyOf(PROD);
		rendered.named(V1NetworkPolicy.class, "default-deny").getSpec().setPolicyTypes(List.of("Ingress"));
		assertThat(NetworkPolicyCheck.check(rendered, 8080, 8081))
			.containsExactly("no default-deny NetworkPolicy (empty podSelector, Ingress and Egress, no rules)");
	}

}
