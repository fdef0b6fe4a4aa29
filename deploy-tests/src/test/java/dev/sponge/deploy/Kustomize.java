package dev.sponge.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Renders a kustomization with {@code kubectl kustomize}, exactly as
 * {@code kubectl apply -k} would, and parses the output into one map per object.
 */
final class Kustomize {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static final Map<String, List<Map<String, Object>>> RENDERED = new ConcurrentHashMap<>();

	private Kustomize() {
	}

	/**
	 * The objects of the kustomization in {@code directory} (relative to the repository
	 * root).
	 */
	static List<Map<String, Object>> render(String directory) {
		return RENDERED.computeIfAbsent(directory, (dir) -> parse(run(Repository.path(dir))));
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> parse(String yaml) {
		List<Map<String, Object>> objects = new ArrayList<>();
		for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
			if (document != null) {
				objects.add((Map<String, Object>) document);
			}
		}
		return objects;
	}

	private static String run(Path directory) {
		Path errors = null;
		try {
			errors = Files.createTempFile("kustomize", ".err");
			Process process = start(directory, errors);
			byte[] output = process.getInputStream().readAllBytes();
			if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException("kubectl kustomize " + directory + " took over " + TIMEOUT);
			}
			if (process.exitValue() != 0) {
				throw new IllegalStateException(
						"kubectl kustomize " + directory + " failed:\n" + Files.readString(errors));
			}
			return new String(output, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not render " + directory, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while rendering " + directory, ex);
		}
		finally {
			if (errors != null) {
				errors.toFile().delete();
			}
		}
	}

	private static Process start(Path directory, Path errors) {
		try {
			return new ProcessBuilder("kubectl", "kustomize", directory.toString()).redirectError(errors.toFile())
				.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("kubectl is not on the PATH. The deployment checks render k8s/ with "
					+ "`kubectl kustomize` (kubectl 1.27 or later, which has Kustomize v5 built in); "
					+ "install kubectl, then run the tests again.", ex);
		}
	}

}
