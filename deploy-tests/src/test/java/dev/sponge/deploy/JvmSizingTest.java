package dev.sponge.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1EnvVar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API's JVM fits its container and its admission fits its heap, in every overlay,
 * from the measured figures of docs/performance.md; each broken variant shows the check
 * catching it.
 */
class JvmSizingTest {

	static final List<String> OVERLAYS = Rendered.OVERLAYS;

	private static final String PROD = "k8s/overlays/prod";

	@ParameterizedTest
	@FieldSource("OVERLAYS")
	void theJvmUsesG1ItsCpuAndAHeapThatWithTheMeasuredNonHeapFitsTheMemoryLimit(String overlay) {
		Rendered rendered = Rendered.of(overlay);
		assertThat(JvmSizing.check(rendered.deployment("sponge-api"), ApiConfiguration.of(rendered))).isEmpty();
	}

	@Test
	void productionRunsTheMeasuredConfiguration() {
		V1Container api = Rendered.container(Rendered.of(PROD).deployment("sponge-api"), "api");
		JavaToolOptions options = JavaToolOptions
			.parse(ApiConfiguration.environment(api).get(JvmSizing.OPTIONS_VARIABLE));
		assertThat(options.maxHeapMiB()).contains(512L);
		assertThat(options.activeProcessorCount()).contains(2);
	}

	@Test
	void theJvmOptionsAreReadAsTheJvmReadsThem() {
		JavaToolOptions options = JavaToolOptions.parse(" -Xmx1g -XX:MaxDirectMemorySize=65536k  -Xmx768m ");
		assertThat(options.maxHeapMiB()).contains(768L);
		assertThat(options.maxDirectMemoryMiB()).contains(64L);
		assertThat(options.activeProcessorCount()).isEmpty();
		assertThat(JavaToolOptions.mebibytes("268435456")).isEqualTo(256);
		assertThat(JavaToolOptions.isSizing("-XX:MaxRAMPercentage=75")).isTrue();
		assertThat(JavaToolOptions.isSizing("-XX:+ExitOnOutOfMemoryError")).isFalse();
	}

	@Test
	void aJvmWithoutG1OrWithTheNodesProcessorCountIsRefused() {
		Rendered rendered = Rendered.copyOf(PROD);
		V1Deployment api = rendered.deployment("sponge-api");
		options(api, "-XX:+UseSerialGC -Xms512m -Xmx512m -XX:MaxDirectMemorySize=32m");
		assertThat(JvmSizing.check(api, ApiConfiguration.of(rendered))).containsExactly(
				"JAVA_TOOL_OPTIONS needs -XX:+UseG1GC (with under 2 processors or 1792 MiB the JVM would pick the Serial collector)",
				"JAVA_TOOL_OPTIONS needs -XX:ActiveProcessorCount=2 for 2 CPU, not none (without a CPU limit the JVM sizes its threads for every core of the node)");
	}

	@Test
	void aHeapThatLeavesNoRoomForTheMeasuredNonHeapIsRefused() {
		Rendered rendered = Rendered.copyOf(PROD);
		V1Deployment api = rendered.deployment("sponge-api");
		options(api, "-XX:+UseG1GC -XX:ActiveProcessorCount=2 -Xms768m -Xmx768m -XX:MaxDirectMemorySize=64m");
		assertThat(JvmSizing.check(api, ApiConfiguration.of(rendered))).containsExactly(
				"heap 768 MiB + non-heap 363 MiB + direct 64 MiB = 1195 MiB exceeds 90% of the memory limit "
						+ "1024 MiB");
		Rendered.container(api, "api").getResources().putLimitsItem("memory", Quantity.fromString("1536Mi"));
		assertThat(JvmSizing.check(api, ApiConfiguration.of(rendered))).isEmpty();
	}

	@Test
	void aJvmWithoutFixedHeapOrDirectMemoryCapOrWithJavaOptsIsRefused() {
		Rendered rendered = Rendered.copyOf(PROD);
		V1Deployment api = rendered.deployment("sponge-api");
		options(api, "-XX:+UseG1GC -XX:ActiveProcessorCount=2 -XX:MaxRAMPercentage=75");
		Rendered.container(api, "api").addEnvItem(new V1EnvVar().name("JAVA_OPTS").value("-Xmx512m"));
		assertThat(JvmSizing.check(api, ApiConfiguration.of(rendered))).containsExactly(
				"JAVA_OPTS is set: the JVM options belong in JAVA_TOOL_OPTIONS only (the image's exec-form ENTRYPOINT never expands JAVA_OPTS)",
				"JAVA_TOOL_OPTIONS needs a fixed heap (-Xmx)",
				"JAVA_TOOL_OPTIONS needs -XX:MaxDirectMemorySize (unset, direct memory may grow to the heap's size)");
	}

	@Test
	void anAdmissionWhoseBodiesDoNotFitTheHeapOrThatOneTenantCanFillIsRefused() {
		Rendered rendered = Rendered.copyOf(PROD);
		Map<String, String> files = new LinkedHashMap<>(ApiConfiguration.of(rendered).files());
		files.put("environment.yaml",
				files.get("environment.yaml")
					.replace("max-concurrent-requests: 12", "max-concurrent-requests: 64")
					.replace("concurrent-ingest-requests: 6", "concurrent-ingest-requests: 64"));
		assertThat(JvmSizing.check(rendered.deployment("sponge-api"), new ApiConfiguration(files))).containsExactly(
				"sponge.ingest.admission.max-concurrent-requests 64 x max-json-body-size 16 MiB = 1024 MiB exceeds half the heap above the live set, (512 - 126) / 2 = 193 MiB",
				"sponge.limits.concurrent-ingest-requests 64 must stay below sponge.ingest.admission.max-concurrent-requests 64, so one tenant never takes every slot");
	}

	private static void options(V1Deployment api, String value) {
		Rendered.container(api, "api")
			.getEnv()
			.stream()
			.filter((v) -> v.getName().equals(JvmSizing.OPTIONS_VARIABLE))
			.findFirst()
			.orElseThrow()
			.setValue(value);
	}

}
