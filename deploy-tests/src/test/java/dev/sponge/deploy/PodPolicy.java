package dev.sponge.deploy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1PodSecurityContext;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1SeccompProfile;
import io.kubernetes.client.openapi.models.V1SecurityContext;
import io.kubernetes.client.openapi.models.V1TopologySpreadConstraint;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeMount;

/**
 * What a platform team requires of every workload, as checks that return what is wrong
 * (an empty list when all is well), so tests can show each one catching a broken
 * Deployment.
 */
final class PodPolicy {

	static final String EPHEMERAL_STORAGE = "ephemeral-storage";

	private PodPolicy() {
	}

	/** Resources, probes, hardened security context, a writable /tmp, a pinned image. */
	static List<String> containers(V1Deployment deployment) {
		List<String> problems = new ArrayList<>();
		V1PodSpec pod = deployment.getSpec().getTemplate().getSpec();
		for (V1Container container : allContainers(pod)) {
			String where = Rendered.name(deployment) + "/" + container.getName() + ": ";
			Map<String, ?> requests = (container.getResources() != null) ? container.getResources().getRequests()
					: null;
			Map<String, ?> limits = (container.getResources() != null) ? container.getResources().getLimits() : null;
			if (requests == null || !requests.keySet().containsAll(Set.of("cpu", "memory"))) {
				problems.add(where + "needs cpu and memory requests");
			}
			if (limits == null || !limits.containsKey("memory")) {
				problems.add(where + "needs a memory limit");
			}
			if (requests == null || limits == null || !requests.containsKey(EPHEMERAL_STORAGE)
					|| !limits.containsKey(EPHEMERAL_STORAGE)) {
				problems.add(where + "needs an ephemeral-storage request and limit (its log and writable layer)");
			}
			if (container.getLivenessProbe() == null || container.getReadinessProbe() == null
					|| container.getStartupProbe() == null) {
				problems.add(where + "needs liveness, readiness and startup probes");
			}
			problems.addAll(securityContext(where, pod.getSecurityContext(), container.getSecurityContext()));
			if (!imagePinned(container.getImage())) {
				problems.add(where + "image " + container.getImage() + " is not pinned by a tag other than latest");
			}
			if (!tmpIsEmptyDir(pod, container)) {
				problems.add(where + "needs an emptyDir volume mounted at /tmp (the root filesystem is read-only)");
			}
		}
		if (!Boolean.FALSE.equals(pod.getAutomountServiceAccountToken())) {
			problems.add(Rendered.name(deployment) + ": automountServiceAccountToken must be false");
		}
		problems.addAll(storage(deployment));
		return problems;
	}

	/**
	 * Every emptyDir has a sizeLimit (beyond it the kubelet evicts the pod, instead of
	 * the node's disk filling up), and the containers' ephemeral-storage limits cover
	 * them all, so the scheduler places the pod where that disk is.
	 */
	static List<String> storage(V1Deployment deployment) {
		List<String> problems = new ArrayList<>();
		V1PodSpec pod = deployment.getSpec().getTemplate().getSpec();
		BigDecimal emptyDirs = BigDecimal.ZERO;
		for (V1Volume volume : Objects.requireNonNullElse(pod.getVolumes(), List.<V1Volume>of())) {
			if (volume.getEmptyDir() == null) {
				continue;
			}
			if (volume.getEmptyDir().getSizeLimit() == null) {
				problems.add(Rendered.name(deployment) + ": emptyDir " + volume.getName() + " needs a sizeLimit");
			}
			else {
				emptyDirs = emptyDirs.add(volume.getEmptyDir().getSizeLimit().getNumber());
			}
		}
		BigDecimal limits = allContainers(pod).stream()
			.map((c) -> (c.getResources() != null && c.getResources().getLimits() != null)
					? c.getResources().getLimits().get(EPHEMERAL_STORAGE) : null)
			.filter(Objects::nonNull)
			.map(Quantity::getNumber)
			.reduce(BigDecimal.ZERO, BigDecimal::add);
		if (emptyDirs.compareTo(limits) > 0) {
			problems.add(Rendered.name(deployment) + ": its emptyDirs may hold " + mebibytes(emptyDirs)
					+ " MiB, more than its containers' ephemeral-storage limits (" + mebibytes(limits) + " MiB)");
		}
		return problems;
	}

	private static long mebibytes(BigDecimal bytes) {
		return bytes.divide(BigDecimal.valueOf(1024 * 1024), java.math.RoundingMode.FLOOR).longValue();
	}

	/**
	 * Rolling update without unavailability, spread over zones and nodes, a matching
	 * selector, preStop.
	 */
	static List<String> rollout(V1Deployment deployment) {
		List<String> problems = new ArrayList<>();
		String where = Rendered.name(deployment) + ": ";
		Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
		if (!Labels.matches(deployment.getSpec().getSelector(), podLabels)) {
			problems.add(where + "selector does not match the pod template's labels");
		}
		var strategy = deployment.getSpec().getStrategy();
		IntOrString maxUnavailable = (strategy != null && strategy.getRollingUpdate() != null)
				? strategy.getRollingUpdate().getMaxUnavailable() : null;
		if (strategy == null || !"RollingUpdate".equals(strategy.getType()) || maxUnavailable == null
				|| !(maxUnavailable.isInteger() ? maxUnavailable.getIntValue() == 0
						: "0%".equals(maxUnavailable.getStrValue()))) {
			problems.add(where + "needs a RollingUpdate with maxUnavailable 0");
		}
		List<V1TopologySpreadConstraint> spread = Objects
			.requireNonNullElse(deployment.getSpec().getTemplate().getSpec().getTopologySpreadConstraints(), List.of());
		for (String key : List.of("topology.kubernetes.io/zone", "kubernetes.io/hostname")) {
			if (spread.stream()
				.noneMatch((c) -> c.getTopologyKey().equals(key) && Labels.matches(c.getLabelSelector(), podLabels))) {
				problems.add(where + "needs a topology spread over " + key + " that selects its own pods");
			}
		}
		for (V1Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
			// Only a container that serves a port is reached through the endpoints.
			boolean serves = container.getPorts() != null && !container.getPorts().isEmpty();
			if (serves && preStopSleepSeconds(container) == null) {
				problems.add(where + container.getName() + " needs a preStop sleep, so endpoints are removed "
						+ "before the container is signalled");
			}
		}
		return problems;
	}

	static Integer preStopSleepSeconds(V1Container container) {
		var lifecycle = container.getLifecycle();
		if (lifecycle == null || lifecycle.getPreStop() == null || lifecycle.getPreStop().getSleep() == null) {
			return null;
		}
		return lifecycle.getPreStop().getSleep().getSeconds().intValue();
	}

	static boolean imagePinned(String image) {
		if (image == null) {
			return false;
		}
		if (image.contains("@sha256:")) {
			return true;
		}
		String lastSegment = image.substring(image.lastIndexOf('/') + 1);
		int colon = lastSegment.indexOf(':');
		return colon > 0 && colon < lastSegment.length() - 1 && !lastSegment.substring(colon + 1).equals("latest");
	}

	private static List<String> securityContext(String where, V1PodSecurityContext pod, V1SecurityContext container) {
		List<String> problems = new ArrayList<>();
		V1SecurityContext c = (container != null) ? container : new V1SecurityContext();
		V1PodSecurityContext p = (pod != null) ? pod : new V1PodSecurityContext();
		if (!Boolean.TRUE.equals(c.getRunAsNonRoot())
				&& !(c.getRunAsNonRoot() == null && Boolean.TRUE.equals(p.getRunAsNonRoot()))) {
			problems.add(where + "must run as non-root (runAsNonRoot: true)");
		}
		Long uid = (c.getRunAsUser() != null) ? c.getRunAsUser() : p.getRunAsUser();
		if (uid != null && uid == 0) {
			problems.add(where + "runs as uid 0");
		}
		if (!Boolean.TRUE.equals(c.getReadOnlyRootFilesystem())) {
			problems.add(where + "needs readOnlyRootFilesystem: true");
		}
		if (!Boolean.FALSE.equals(c.getAllowPrivilegeEscalation())) {
			problems.add(where + "needs allowPrivilegeEscalation: false");
		}
		if (c.getCapabilities() == null || c.getCapabilities().getDrop() == null
				|| !c.getCapabilities().getDrop().contains("ALL")
				|| (c.getCapabilities().getAdd() != null && !c.getCapabilities().getAdd().isEmpty())) {
			problems.add(where + "must drop ALL capabilities and add none");
		}
		V1SeccompProfile seccomp = (c.getSeccompProfile() != null) ? c.getSeccompProfile() : p.getSeccompProfile();
		if (seccomp == null || !"RuntimeDefault".equals(seccomp.getType())) {
			problems.add(where + "needs seccompProfile RuntimeDefault");
		}
		return problems;
	}

	private static boolean tmpIsEmptyDir(V1PodSpec pod, V1Container container) {
		for (V1VolumeMount mount : Objects.requireNonNullElse(container.getVolumeMounts(), List.<V1VolumeMount>of())) {
			if (mount.getMountPath().equals("/tmp")) {
				return Objects.requireNonNullElse(pod.getVolumes(), List.<V1Volume>of())
					.stream()
					.anyMatch((volume) -> volume.getName().equals(mount.getName()) && volume.getEmptyDir() != null);
			}
		}
		return false;
	}

	private static List<V1Container> allContainers(V1PodSpec pod) {
		return Stream
			.concat(pod.getContainers().stream(),
					Objects.requireNonNullElse(pod.getInitContainers(), List.<V1Container>of()).stream())
			.toList();
	}

}
