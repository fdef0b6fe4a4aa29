package dev.sponge.deploy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1EnvVar;

import dev.sponge.ingest.IngestAdmissionProperties;
import dev.sponge.ingest.IngestProperties;
import dev.sponge.limits.LimitsProperties;

/**
 * The API container's JVM against its container and its ingest admission, from the
 * figures docs/performance.md measured: the JVM options in {@code JAVA_TOOL_OPTIONS}
 * only; G1; as many processors as the CPU reserves; heap + non-heap + direct memory
 * within 90% of the memory limit; the JSON bodies the admission lets in within half the
 * heap left above the live set. Returns what is wrong; empty when it all fits.
 */
final class JvmSizing {

	/**
	 * Non-heap memory of the service process (metaspace, code cache, threads, GC
	 * structures, direct buffers), measured: RSS peak 800 MiB minus heap peak 437 MiB at
	 * -Xmx512m on two cores (docs/performance.md, the run of 2026-11-29 20:15, the
	 * largest of the measured runs; 505 - 254 = 251 MiB at -Xmx256m).
	 */
	static final long NON_HEAP_MIB = 800 - 437;

	/**
	 * Live heap under sustained ingest: the lowest heap after a collection in the
	 * 5-minute soak at 129,000 points/s was 124-126 MiB (docs/performance.md).
	 */
	static final long LIVE_HEAP_MIB = 126;

	/** Heap + non-heap + direct memory may take this share of the memory limit. */
	static final double LIMIT_SHARE = 0.9;

	static final String OPTIONS_VARIABLE = "JAVA_TOOL_OPTIONS";

	private JvmSizing() {
	}

	static List<String> check(V1Deployment api, ApiConfiguration configuration) {
		List<String> problems = new ArrayList<>();
		V1Container container = Rendered.container(api, "api");
		List<V1EnvVar> env = Objects.requireNonNullElse(container.getEnv(), List.of());
		for (V1EnvVar variable : env) {
			if (variable.getName().equals("JAVA_OPTS") || variable.getName().equals("_JAVA_OPTIONS")
					|| variable.getName().equals("JDK_JAVA_OPTIONS")) {
				problems.add(variable.getName() + " is set: the JVM options belong in " + OPTIONS_VARIABLE
						+ " only (the image's exec-form ENTRYPOINT never expands JAVA_OPTS)");
			}
		}
		Optional<V1EnvVar> variable = env.stream().filter((v) -> v.getName().equals(OPTIONS_VARIABLE)).findFirst();
		if (variable.isEmpty() || variable.get().getValue() == null) {
			problems.add("the api container needs " + OPTIONS_VARIABLE + " with its JVM options, as a value");
			return problems;
		}
		JavaToolOptions options = JavaToolOptions.parse(variable.get().getValue());
		if (!options.has("-XX:+UseG1GC")) {
			problems.add(OPTIONS_VARIABLE + " needs -XX:+UseG1GC (with under 2 processors or 1792 MiB the JVM "
					+ "would pick the Serial collector)");
		}
		Map<String, Quantity> requests = Objects.requireNonNullElse(container.getResources().getRequests(), Map.of());
		Map<String, Quantity> limits = Objects.requireNonNullElse(container.getResources().getLimits(), Map.of());
		Quantity cpu = limits.containsKey("cpu") ? limits.get("cpu") : requests.get("cpu");
		if (cpu != null) {
			int processors = Math.max(1, cpu.getNumber().setScale(0, RoundingMode.CEILING).intValueExact());
			if (!options.activeProcessorCount().equals(Optional.of(processors))) {
				problems.add(OPTIONS_VARIABLE + " needs -XX:ActiveProcessorCount=" + processors + " for "
						+ cpu.toSuffixedString() + " CPU, not "
						+ options.activeProcessorCount().map(String::valueOf).orElse("none")
						+ " (without a CPU limit the JVM sizes its threads for every core of the node)");
			}
		}
		Optional<Long> heap = options.maxHeapMiB();
		if (heap.isEmpty()) {
			problems.add(OPTIONS_VARIABLE + " needs a fixed heap (-Xmx)");
		}
		else if (options.initialHeapMiB().isPresent() && !options.initialHeapMiB().equals(heap)) {
			problems.add(OPTIONS_VARIABLE + ": -Xms must equal -Xmx (a fixed heap)");
		}
		Optional<Long> direct = options.maxDirectMemoryMiB();
		if (direct.isEmpty()) {
			problems.add(OPTIONS_VARIABLE
					+ " needs -XX:MaxDirectMemorySize (unset, direct memory may grow to the heap's size)");
		}
		Quantity memory = limits.get("memory");
		if (heap.isPresent() && direct.isPresent() && memory != null) {
			long limitMiB = memory.getNumber().divide(BigDecimal.valueOf(1024 * 1024), RoundingMode.FLOOR).longValue();
			long budget = heap.get() + NON_HEAP_MIB + direct.get();
			if (budget > limitMiB * LIMIT_SHARE) {
				problems.add("heap " + heap.get() + " MiB + non-heap " + NON_HEAP_MIB + " MiB + direct " + direct.get()
						+ " MiB = " + budget + " MiB exceeds " + (int) (LIMIT_SHARE * 100) + "% of the memory limit "
						+ limitMiB + " MiB");
			}
		}
		int admission = configuration.bind("sponge.ingest.admission", IngestAdmissionProperties.class)
			.maxConcurrentRequests();
		long bodyMiB = configuration.bind("sponge.ingest", IngestProperties.class).maxJsonBodySize().toMegabytes();
		if (heap.isPresent() && admission * bodyMiB > (heap.get() - LIVE_HEAP_MIB) / 2) {
			problems.add("sponge.ingest.admission.max-concurrent-requests " + admission + " x max-json-body-size "
					+ bodyMiB + " MiB = " + admission * bodyMiB + " MiB exceeds half the heap above the live set, ("
					+ heap.get() + " - " + LIVE_HEAP_MIB + ") / 2 = " + (heap.get() - LIVE_HEAP_MIB) / 2 + " MiB");
		}
		long perTenant = configuration.bind("sponge.limits", LimitsProperties.class).concurrentIngestRequests();
		if (perTenant >= admission) {
			problems.add("sponge.limits.concurrent-ingest-requests " + perTenant
					+ " must stay below sponge.ingest.admission.max-concurrent-requests " + admission
					+ ", so one tenant never takes every slot");
		}
		return problems;
	}

}
