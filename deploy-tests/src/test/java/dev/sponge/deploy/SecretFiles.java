package dev.sponge.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeMount;

/**
 * Secrets reach the pods as files of whole-Secret volumes, never as environment variables
 * (which never change while the process runs and leak into crash dumps and
 * {@code /proc/<pid>/environ}) nor through subPath mounts (which the kubelet never
 * updates); the API's properties name those files. Returns what is wrong; empty when all
 * holds.
 */
final class SecretFiles {

	/** The API's secret-file properties and the Secret and key each must be read from. */
	static final Map<String, String> API_FILES = Map.of("sponge.cassandra.credentials.username-file",
			"sponge-cassandra/username", "sponge.cassandra.credentials.password-file", "sponge-cassandra/password",
			"sponge.paging.signing-key-file", "sponge-paging/signing-key");

	/** Properties that would put a secret into the ConfigMap or environment instead. */
	static final List<String> INLINE = List.of("spring.cassandra.username", "spring.cassandra.password",
			"sponge.paging.signing-key");

	private SecretFiles() {
	}

	static List<String> check(Rendered rendered, ApiConfiguration configuration) {
		List<String> problems = new ArrayList<>();
		for (V1Deployment deployment : rendered.all(V1Deployment.class)) {
			var pod = deployment.getSpec().getTemplate().getSpec();
			List<V1Volume> volumes = Objects.requireNonNullElse(pod.getVolumes(), List.of());
			for (V1Container container : Stream
				.concat(pod.getContainers().stream(),
						Objects.requireNonNullElse(pod.getInitContainers(), List.<V1Container>of()).stream())
				.toList()) {
				String where = Rendered.name(deployment) + "/" + container.getName() + ": ";
				for (V1EnvVar variable : Objects.requireNonNullElse(container.getEnv(), List.<V1EnvVar>of())) {
					if (variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null) {
						problems.add(where + variable.getName() + " comes from Secret "
								+ variable.getValueFrom().getSecretKeyRef().getName() + "; mount it as a file");
					}
				}
				if (container.getEnvFrom() != null
						&& container.getEnvFrom().stream().anyMatch((source) -> source.getSecretRef() != null)) {
					problems.add(where + "takes environment variables from a Secret; mount it as files");
				}
				for (V1VolumeMount mount : Objects.requireNonNullElse(container.getVolumeMounts(),
						List.<V1VolumeMount>of())) {
					boolean secret = volumes.stream()
						.anyMatch((v) -> v.getName().equals(mount.getName()) && v.getSecret() != null);
					if (secret && mount.getSubPath() != null) {
						problems.add(where + "mounts Secret volume " + mount.getName() + " with subPath "
								+ mount.getSubPath() + ", which a rotated Secret never updates");
					}
				}
			}
		}
		V1Deployment api = rendered.deployment("sponge-api");
		V1Container container = Rendered.container(api, "api");
		List<V1Volume> volumes = Objects.requireNonNullElse(api.getSpec().getTemplate().getSpec().getVolumes(),
				List.of());
		API_FILES.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach((entry) -> {
			String file = configuration.get(entry.getKey(), String.class, null);
			String secret = entry.getValue().substring(0, entry.getValue().indexOf('/'));
			String key = entry.getValue().substring(entry.getValue().indexOf('/') + 1);
			boolean mounted = file != null
					&& Objects.requireNonNullElse(container.getVolumeMounts(), List.<V1VolumeMount>of())
						.stream()
						.anyMatch((m) -> file.equals(m.getMountPath() + "/" + key) && m.getSubPath() == null
								&& volumes.stream()
									.anyMatch((v) -> v.getName().equals(m.getName()) && v.getSecret() != null
											&& secret.equals(v.getSecret().getSecretName())));
			if (!mounted) {
				problems.add(entry.getKey() + " is " + file + ", not key " + key + " of a mounted Secret " + secret);
			}
		});
		for (String property : INLINE) {
			if (configuration.get(property, String.class, null) != null) {
				problems.add(property + " is set in the ConfigMap; the secret belongs in a mounted Secret");
			}
		}
		return problems;
	}

}
