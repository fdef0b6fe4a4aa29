package dev.sponge.deploy;

import java.util.List;

import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The edge outlasts the load balancer's deregistration, drains within its grace period,
 * reloads renewed certificates, and bounds its upload directory.
 */
class EdgeLifecycleTest {

	static final List<String> OVERLAYS = Rendered.OVERLAYS;

	private static final String PROD = "k8s/overlays/prod";

	private static final int GRACEFUL = EdgeLifecycle
		.gracefulShutdownSeconds(Repository.read("lighttpd/lighttpd.conf"));

	@ParameterizedTest
	@FieldSource("OVERLAYS")
	void theEdgeDrainsAfterTheLoadBalancerLetGoAndReloadsItsCertificate(String overlay) {
		assertThat(EdgeLifecycle.check(Rendered.of(overlay).deployment("sponge-edge"), GRACEFUL)).isEmpty();
	}

	@Test
	void theDrainTimeIsLighttpdsOwnGracefulShutdownTimeout() {
		assertThat(GRACEFUL).isEqualTo(25);
		assertThat(EdgeLifecycle.gracefulShutdownSeconds("\"server.graceful-shutdown-timeout\" => 40,")).isEqualTo(40);
	}

	@Test
	void aShortPreStopOrAGracePeriodShorterThanTheDrainIsRefused() {
		V1Deployment edge = Rendered.copyOf(PROD).deployment("sponge-edge");
		Rendered.container(edge, "lighttpd").getLifecycle().getPreStop().getSleep().setSeconds(5L);
		edge.getSpec().getTemplate().getSpec().setTerminationGracePeriodSeconds(30L);
		assertThat(EdgeLifecycle.check(edge, GRACEFUL)).containsExactly(
				"sponge-edge: preStop sleeps 5s; the load balancer needs at least 20s to stop sending it connections",
				"sponge-edge: terminationGracePeriodSeconds 30 is shorter than preStop 5s + server.graceful-shutdown-timeout 25s + 5s");
	}

	@Test
	void anEdgeWithoutCertificateReloadOrWithAnUnboundedUploadDirectoryIsRefused() {
		V1Deployment edge = Rendered.copyOf(PROD).deployment("sponge-edge");
		var pod = edge.getSpec().getTemplate().getSpec();
		pod.setContainers(List.of(Rendered.container(edge, "lighttpd")));
		pod.getVolumes()
			.stream()
			.filter((v) -> v.getName().equals("tmp"))
			.map(V1Volume::getEmptyDir)
			.forEach((dir) -> dir.setSizeLimit(null));
		assertThat(EdgeLifecycle.check(edge, GRACEFUL)).containsExactly(
				"sponge-edge: nothing reloads a renewed certificate (a container sharing the process namespace that "
						+ "watches /etc/sponge-edge/tls and sends lighttpd SIGUSR1)",
				"sponge-edge: the upload directory /tmp needs an emptyDir with a sizeLimit");
	}

}
