package dev.sponge.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeMount;

/**
 * The edge's lighttpd configuration in three places that must agree: the files in
 * lighttpd/, the image (Dockerfile.edge copies lighttpd/ to the directory lighttpd
 * reads), and the pod (ConfigMaps generated from lighttpd/, mounted over that directory).
 */
final class EdgeConfig {

	private EdgeConfig() {
	}

	/**
	 * The configuration files of lighttpd/, by path below it; the kustomization and
	 * Markdown are not configuration.
	 */
	static Map<String, String> files() {
		Path root = Repository.path("lighttpd");
		Map<String, String> files = new TreeMap<>();
		try (Stream<Path> paths = Files.walk(root)) {
			for (Path path : paths.filter(Files::isRegularFile).toList()) {
				String relative = root.relativize(path).toString().replace('\\', '/');
				if (!relative.equals("kustomization.yaml") && !relative.endsWith(".md")) {
					files.put(relative, Files.readString(path));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return files;
	}

	/**
	 * What the ConfigMap mounts of the edge pod's containers (lighttpd and its mtail
	 * sidecar, both from the edge image) put below {@code configDirectory}, by path below
	 * it.
	 */
	static Map<String, String> deployed(Rendered rendered, String configDirectory) {
		V1Deployment edge = rendered.deployment("sponge-edge");
		Map<String, String> deployed = new TreeMap<>();
		for (V1VolumeMount mount : edge.getSpec()
			.getTemplate()
			.getSpec()
			.getContainers()
			.stream()
			.flatMap((V1Container container) -> container.getVolumeMounts().stream())
			.toList()) {
			V1Volume volume = edge.getSpec()
				.getTemplate()
				.getSpec()
				.getVolumes()
				.stream()
				.filter((v) -> v.getName().equals(mount.getName()))
				.findFirst()
				.orElseThrow();
			if (volume.getConfigMap() == null || !mount.getMountPath().startsWith(configDirectory + "/")) {
				continue;
			}
			String path = mount.getMountPath().substring(configDirectory.length() + 1);
			Map<String, String> data = Objects.requireNonNullElse(rendered.all(V1ConfigMap.class)
				.stream()
				.filter((c) -> Rendered.name(c).equals(volume.getConfigMap().getName()))
				.findFirst()
				.orElseThrow()
				.getData(), Map.of());
			if (mount.getSubPath() != null) {
				deployed.put(path, data.get(mount.getSubPath()));
			}
			else {
				data.forEach((key, content) -> deployed.put(path + "/" + key, content));
			}
		}
		return deployed;
	}

	/**
	 * Runs the deployed {@code settings.sh} (from {@code deployed}, as lighttpd's
	 * include_shell does at start) with {@code environment} as the container's variables.
	 */
	static Settings settings(Map<String, String> deployed, Map<String, String> environment) {
		Path directory = null;
		try {
			directory = Files.createTempDirectory("edge-settings");
			Path script = Files.writeString(directory.resolve("settings.sh"), deployed.get("settings.sh"));
			ProcessBuilder builder = new ProcessBuilder("sh", script.toString()).directory(directory.toFile())
				.redirectErrorStream(true);
			builder.environment().keySet().removeIf((name) -> name.startsWith("SPONGE_"));
			builder.environment().putAll(environment);
			Process process = builder.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException("settings.sh did not finish within 30 s");
			}
			return new Settings(process.exitValue(), output);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		finally {
			if (directory != null) {
				directory.resolve("settings.sh").toFile().delete();
				directory.toFile().delete();
			}
		}
	}

	/**
	 * What settings.sh did: its exit code, and its output (lighttpd variables, or why it
	 * refused the environment).
	 */
	record Settings(int exitCode, String output) {

		/** The value of lighttpd variable {@code var.name}, without quotes. */
		Optional<String> variable(String name) {
			String prefix = "var." + name + " = ";
			return this.output.lines()
				.filter((line) -> line.startsWith(prefix))
				.map((line) -> line.substring(prefix.length()).replace("\"", ""))
				.findFirst();
		}

	}

	/**
	 * Files missing from the deployment, deployed files that are not in lighttpd/, and
	 * files that differ.
	 */
	static List<String> differences(Map<String, String> files, Map<String, String> deployed) {
		List<String> problems = new ArrayList<>();
		files.forEach((path, content) -> {
			if (!deployed.containsKey(path)) {
				problems.add("lighttpd/" + path + " is not deployed: add it to lighttpd/kustomization.yaml");
			}
			else if (!content.equals(deployed.get(path))) {
				problems.add("lighttpd/" + path + " differs from the deployed copy");
			}
		});
		deployed.keySet()
			.stream()
			.filter((path) -> !files.containsKey(path))
			.forEach((path) -> problems.add(path + " is deployed but is not a file of lighttpd/"));
		return problems;
	}

}
