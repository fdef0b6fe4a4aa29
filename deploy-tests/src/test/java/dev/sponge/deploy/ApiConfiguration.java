package dev.sponge.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;

import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import jakarta.validation.Validation;

import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

/**
 * The API's configuration as a pod sees it: the jar's application.yaml, overridden by the
 * ConfigMap files that {@code SPRING_CONFIG_ADDITIONAL_LOCATION} names, in that order
 * (later wins), as Spring Boot loads them.
 *
 * @param files the ConfigMap's files, in load order, by key
 */
record ApiConfiguration(Map<String, String> files) {

	static final String LOCATION_VARIABLE = "SPRING_CONFIG_ADDITIONAL_LOCATION";

	/**
	 * Follows the API container's location variable to its volume, ConfigMap and keys.
	 */
	static ApiConfiguration of(Rendered rendered) {
		V1Deployment api = rendered.deployment("sponge-api");
		V1Container container = Rendered.container(api, "api");
		String locations = environment(container).get(LOCATION_VARIABLE);
		if (locations == null) {
			throw new NoSuchElementException("sponge-api sets no " + LOCATION_VARIABLE);
		}
		Map<String, String> files = new LinkedHashMap<>();
		for (String location : locations.split(",")) {
			if (!location.startsWith("file:") || location.startsWith("optional:")) {
				throw new IllegalStateException(location + ": expected a required file: location");
			}
			String path = location.substring("file:".length());
			String directory = path.substring(0, path.lastIndexOf('/'));
			String key = path.substring(path.lastIndexOf('/') + 1);
			V1VolumeMount mount = container.getVolumeMounts()
				.stream()
				.filter((m) -> m.getMountPath().equals(directory) && m.getSubPath() == null)
				.findFirst()
				.orElseThrow(
						() -> new NoSuchElementException("no volume mounted at " + directory + " for " + location));
			V1Volume volume = api.getSpec()
				.getTemplate()
				.getSpec()
				.getVolumes()
				.stream()
				.filter((v) -> v.getName().equals(mount.getName()) && v.getConfigMap() != null)
				.findFirst()
				.orElseThrow(() -> new NoSuchElementException(directory + " is not a ConfigMap volume"));
			V1ConfigMap configMap = rendered.all(V1ConfigMap.class)
				.stream()
				.filter((c) -> Rendered.name(c).equals(volume.getConfigMap().getName()))
				.findFirst()
				.orElseThrow(() -> new NoSuchElementException("ConfigMap " + volume.getConfigMap().getName()));
			String content = Objects.requireNonNullElse(configMap.getData(), Map.<String, String>of()).get(key);
			if (content == null) {
				throw new NoSuchElementException(
						location + ": ConfigMap " + Rendered.name(configMap) + " has no key " + key);
			}
			files.put(key, content);
		}
		return new ApiConfiguration(files);
	}

	static Map<String, String> environment(V1Container container) {
		Map<String, String> variables = new LinkedHashMap<>();
		for (V1EnvVar variable : Objects.requireNonNullElse(container.getEnv(), List.<V1EnvVar>of())) {
			variables.put(variable.getName(), variable.getValue());
		}
		return variables;
	}

	/** Every property name the ConfigMap files set, as "file: name". */
	List<String> keys() {
		List<String> keys = new ArrayList<>();
		this.files.forEach((file, content) -> load(file, content).forEach((source) -> {
			for (String name : ((EnumerablePropertySource<?>) source).getPropertyNames()) {
				keys.add(file + ": " + name);
			}
		}));
		return keys;
	}

	Binder binder() {
		MutablePropertySources sources = new MutablePropertySources();
		List<String> order = new ArrayList<>(this.files.keySet());
		for (int i = order.size() - 1; i >= 0; i--) {
			load(order.get(i), this.files.get(order.get(i))).forEach(sources::addLast);
		}
		try {
			new YamlPropertySourceLoader()
				.load("application.yaml",
						new FileSystemResource(Repository.path("service/src/main/resources/application.yaml")))
				.forEach(sources::addLast);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return new Binder(ConfigurationPropertySources.from(sources));
	}

	/**
	 * Binds like Spring Boot binds {@code @Validated @ConfigurationProperties}:
	 * converted, then validated.
	 */
	<T> T bind(String prefix, Class<T> type) {
		var validator = new SpringValidatorAdapter(Validation.buildDefaultValidatorFactory().getValidator());
		BindHandler handler = new ValidationBindHandler(validator);
		return binder().bindOrCreate(prefix, Bindable.of(type), handler);
	}

	<T> T get(String name, Class<T> type, T defaultValue) {
		return binder().bind(name, type).orElse(defaultValue);
	}

	Actuator actuator() {
		String base = get("management.server.base-path", String.class, "")
				+ get("management.endpoints.web.base-path", String.class, "/actuator");
		return new Actuator(get("server.port", Integer.class, 8080), get("management.server.port", Integer.class, null),
				base, Boolean.TRUE.equals(get("management.endpoint.health.probes.enabled", Boolean.class, false)),
				List.of(get("management.endpoints.web.exposure.include", String[].class, new String[0])),
				get("server.shutdown", String.class, "graceful"),
				get("spring.lifecycle.timeout-per-shutdown-phase", Duration.class, Duration.ofSeconds(30)));
	}

	private static List<PropertySource<?>> load(String name, String content) {
		try {
			return new YamlPropertySourceLoader().load("configmap:" + name,
					new ByteArrayResource(content.getBytes(StandardCharsets.UTF_8)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * What Kubernetes needs to know of Actuator.
	 *
	 * @param serverPort the API's port
	 * @param managementPort Actuator's own port, or null when it shares the API's
	 * @param basePath the path Actuator's endpoints are under
	 * @param probesEnabled whether the liveness and readiness groups exist
	 * @param exposed the endpoints exposed over HTTP
	 * @param shutdown graceful or immediate
	 * @param shutdownPhase how long the graceful shutdown may take
	 */
	record Actuator(int serverPort, Integer managementPort, String basePath, boolean probesEnabled,
			List<String> exposed, String shutdown, Duration shutdownPhase) {

		String liveness() {
			return this.basePath + "/health/liveness";
		}

		String readiness() {
			return this.basePath + "/health/readiness";
		}

		String prometheus() {
			return this.basePath + "/prometheus";
		}

	}

}
