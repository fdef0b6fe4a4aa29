package dev.sponge.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeMount;

/**
 * The edge pod behind a cloud load balancer: it keeps serving until the load balancer has
 * deregistered it, drains within its grace period, reloads a renewed certificate, and
 * stores upload bodies only in a bounded directory. Returns what is wrong; empty when all
 * holds.
 */
final class EdgeLifecycle {

	/**
	 * The shortest preStop pause: cloud load balancers take a few health checks of 5-10 s
	 * each to stop sending new connections to a node without ready endpoints.
	 */
	static final int LOAD_BALANCER_DEREGISTRATION_SECONDS = 20;

	/** Time for lighttpd to exit after its graceful shutdown. */
	static final int EXIT_MARGIN_SECONDS = 5;

	private static final Pattern GRACEFUL_TIMEOUT = Pattern
		.compile("\"server\\.graceful-shutdown-timeout\"\\s*=>\\s*(\\d+)");

	private EdgeLifecycle() {
	}

	/** lighttpd's {@code server.graceful-shutdown-timeout}, from lighttpd.conf. */
	static int gracefulShutdownSeconds(String lighttpdConf) {
		Matcher matcher = GRACEFUL_TIMEOUT.matcher(lighttpdConf);
		if (!matcher.find()) {
			throw new IllegalStateException("lighttpd.conf sets no server.graceful-shutdown-timeout");
		}
		return Integer.parseInt(matcher.group(1));
	}

	static List<String> check(V1Deployment edge, int gracefulShutdownSeconds) {
		List<String> problems = new ArrayList<>();
		V1PodSpec pod = edge.getSpec().getTemplate().getSpec();
		V1Container lighttpd = Rendered.container(edge, "lighttpd");
		int preStop = Objects.requireNonNullElse(PodPolicy.preStopSleepSeconds(lighttpd), 0);
		if (preStop < LOAD_BALANCER_DEREGISTRATION_SECONDS) {
			problems.add("sponge-edge: preStop sleeps " + preStop + "s; the load balancer needs at least "
					+ LOAD_BALANCER_DEREGISTRATION_SECONDS + "s to stop sending it connections");
		}
		long needed = preStop + gracefulShutdownSeconds + EXIT_MARGIN_SECONDS;
		Long grace = pod.getTerminationGracePeriodSeconds();
		if (grace == null || grace < needed) {
			problems.add("sponge-edge: terminationGracePeriodSeconds " + grace + " is shorter than preStop " + preStop
					+ "s + server.graceful-shutdown-timeout " + gracefulShutdownSeconds + "s + " + EXIT_MARGIN_SECONDS
					+ "s");
		}
		String certificate = ApiConfiguration.environment(lighttpd).get("SPONGE_EDGE_TLS_CERT");
		Optional<V1VolumeMount> tls = mountOf(lighttpd, certificate);
		if (tls.isEmpty() || secretVolume(pod, tls.get().getName()).isEmpty()) {
			problems.add("sponge-edge: the certificate " + certificate + " is not in a mounted Secret");
		}
		else {
			boolean reloads = Boolean.TRUE.equals(pod.getShareProcessNamespace()) && pod.getContainers()
				.stream()
				.filter((c) -> c != lighttpd)
				.anyMatch((c) -> String.join(" ", Objects.requireNonNullElse(c.getCommand(), List.of()))
					.contains("kill -USR1")
						&& Objects.requireNonNullElse(c.getVolumeMounts(), List.<V1VolumeMount>of())
							.stream()
							.anyMatch((m) -> m.getName().equals(tls.get().getName())
									&& m.getMountPath().equals(tls.get().getMountPath())));
			if (!reloads) {
				problems.add("sponge-edge: nothing reloads a renewed certificate (a container sharing the process "
						+ "namespace that watches " + tls.get().getMountPath() + " and sends lighttpd SIGUSR1)");
			}
		}
		String tempDir = Objects.requireNonNullElse(ApiConfiguration.environment(lighttpd).get("SPONGE_EDGE_TEMP_DIR"),
				"/tmp");
		Optional<V1VolumeMount> temp = mountOf(lighttpd, tempDir + "/");
		boolean bounded = temp.isPresent() && Objects.requireNonNullElse(pod.getVolumes(), List.<V1Volume>of())
			.stream()
			.anyMatch((v) -> v.getName().equals(temp.get().getName()) && v.getEmptyDir() != null
					&& v.getEmptyDir().getSizeLimit() != null);
		if (!bounded) {
			problems.add("sponge-edge: the upload directory " + tempDir + " needs an emptyDir with a sizeLimit");
		}
		return problems;
	}

	/** The mount a path lies under, the longest match. */
	private static Optional<V1VolumeMount> mountOf(V1Container container, String path) {
		if (path == null) {
			return Optional.empty();
		}
		return Objects.requireNonNullElse(container.getVolumeMounts(), List.<V1VolumeMount>of())
			.stream()
			.filter((m) -> path.startsWith(m.getMountPath().endsWith("/") ? m.getMountPath() : m.getMountPath() + "/"))
			.max((a, b) -> Integer.compare(a.getMountPath().length(), b.getMountPath().length()));
	}

	private static Optional<V1Volume> secretVolume(V1PodSpec pod, String name) {
		return Objects.requireNonNullElse(pod.getVolumes(), List.<V1Volume>of())
			.stream()
			.filter((v) -> v.getName().equals(name) && v.getSecret() != null)
			.findFirst();
	}

}
