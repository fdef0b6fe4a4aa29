package dev.sponge.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Deployment;

/**
 * A rendered kustomization, every object validated by {@link KubernetesSchema} and typed.
 *
 * @param directory the kustomization, relative to the repository root
 * @param objects its objects, in render order
 */
record Rendered(String directory, List<Object> objects) {

	/**
	 * The overlays a platform team applies: every directory of k8s/overlays, so a new one
	 * is checked too.
	 */
	static final List<String> OVERLAYS = overlays();

	/** The example Cassandra cluster. */
	static final String CASSANDRA = "k8s/cassandra";

	private static final Map<String, Rendered> CACHE = new ConcurrentHashMap<>();

	static Rendered of(String directory) {
		return CACHE.computeIfAbsent(directory,
				(dir) -> new Rendered(dir, Kustomize.render(dir).stream().map(KubernetesSchema::validate).toList()));
	}

	/** A private copy, for tests that break an object to show a check catching it. */
	static Rendered copyOf(String directory) {
		return new Rendered(directory, Kustomize.render(directory).stream().map(KubernetesSchema::validate).toList());
	}

	<T> List<T> all(Class<T> type) {
		return this.objects.stream().filter(type::isInstance).map(type::cast).toList();
	}

	/**
	 * The object of that type and name; a generated ConfigMap is found by its name
	 * without the hash.
	 */
	<T> T named(Class<T> type, String name) {
		Pattern generated = Pattern.compile(Pattern.quote(name) + "-[a-z0-9]{10}");
		return all(type).stream()
			.filter((object) -> name(object).equals(name)
					|| (object instanceof V1ConfigMap && generated.matcher(name(object)).matches()))
			.findFirst()
			.orElseThrow(() -> new NoSuchElementException(
					this.directory + " renders no " + type.getSimpleName() + " named " + name));
	}

	V1Deployment deployment(String name) {
		return named(V1Deployment.class, name);
	}

	static V1Container container(V1Deployment deployment, String name) {
		return deployment.getSpec()
			.getTemplate()
			.getSpec()
			.getContainers()
			.stream()
			.filter((container) -> container.getName().equals(name))
			.findFirst()
			.orElseThrow(() -> new NoSuchElementException(name(deployment) + " has no container " + name));
	}

	private static List<String> overlays() {
		try (Stream<Path> directories = Files.list(Repository.path("k8s/overlays"))) {
			return directories.filter(Files::isDirectory)
				.map((directory) -> "k8s/overlays/" + directory.getFileName())
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String name(Object object) {
		if (object instanceof KubernetesObject kubernetes) {
			return kubernetes.getMetadata().getName();
		}
		if (object instanceof HasMetadata fabric8) {
			return fabric8.getMetadata().getName();
		}
		if (object instanceof K8ssandraCluster cluster) {
			return cluster.metadata().getName();
		}
		if (object instanceof MedusaBackupSchedule schedule) {
			return schedule.metadata().getName();
		}
		throw new IllegalArgumentException("Not a Kubernetes object: " + object);
	}

	static String namespace(Object object) {
		if (object instanceof KubernetesObject kubernetes) {
			return kubernetes.getMetadata().getNamespace();
		}
		if (object instanceof HasMetadata fabric8) {
			return fabric8.getMetadata().getNamespace();
		}
		if (object instanceof K8ssandraCluster cluster) {
			return cluster.metadata().getNamespace();
		}
		if (object instanceof MedusaBackupSchedule schedule) {
			return schedule.metadata().getNamespace();
		}
		throw new IllegalArgumentException("Not a Kubernetes object: " + object);
	}

}
