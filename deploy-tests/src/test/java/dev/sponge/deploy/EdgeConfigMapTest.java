package dev.sponge.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1EmptyDirVolumeSource;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The edge pod runs exactly the lighttpd configuration of lighttpd/, where the image
 * reads it, and proxies to the API Service.
 */
class EdgeConfigMapTest {

	static final List<String> OVERLAYS = Rendered.OVERLAYS;

	private static final String CONFIG_DIRECTORY = configDirectory();

	/** settings.sh's default for SPONGE_EDGE_METRICS_LOG_KIB, which the pod keeps. */
	private static final int METRICS_LOG_KIB = 8192;

	@ParameterizedTest
	@FieldSource("OVERLAYS")
	void theEdgePodRunsExactlyTheFilesOfLighttpdWhereTheImageReadsThem(String overlay) {
		Map<String, String> files = EdgeConfig.files();
		assertThat(files).containsKey("lighttpd.conf").hasSizeGreaterThan(1);
		Map<String, String> deployed = new TreeMap<>(EdgeConfig.deployed(Rendered.of(overlay), CONFIG_DIRECTORY));
		// The one exemption, and only that path: the dashboard's config.json (issuer,
		// client
		// id) differs per environment by design, so it comes from the overlay, not from
		// lighttpd/, and is mounted over the bundle's own in the image's document root.
		// EdgeDashboardTest checks it (the issuer the API trusts, the CSP letting the
		// page
		// reach it). Every other deployed file must still be lighttpd/'s, byte for byte.
		assertThat(deployed.remove(EdgeDashboard.CONFIG)).as(EdgeDashboard.CONFIG).isNotBlank();
		assertThat(EdgeConfig.differences(files, deployed)).isEmpty();
	}

	@Test
	void theExemptionCoversTheDashboardsConfigOnlyNotOtherFilesMountedIntoTheDocumentRoot() {
		Map<String, String> deployed = new TreeMap<>(
				EdgeConfig.deployed(Rendered.of("k8s/overlays/prod"), CONFIG_DIRECTORY));
		deployed.remove(EdgeDashboard.CONFIG);
		deployed.put("www/index.html", "<h1>a page from a ConfigMap</h1>");
		assertThat(EdgeConfig.differences(EdgeConfig.files(), deployed))
			.containsExactly("www/index.html is deployed but is not a file of lighttpd/");
	}

	@ParameterizedTest
	@FieldSource("OVERLAYS")
	void theEdgeListensWhereItsServiceSendsAndProxiesToTheApiService(String overlay) {
		Rendered rendered = Rendered.of(overlay);
		V1Container lighttpd = Rendered.container(rendered.deployment("sponge-edge"), "lighttpd");
		Map<String, String> environment = ApiConfiguration.environment(lighttpd);
		assertThat(lighttpd.getPorts()).anySatisfy((port) -> {
			assertThat(port.getName()).isEqualTo("http");
			assertThat(port.getContainerPort()).isEqualTo(Integer.parseInt(environment.get("SPONGE_EDGE_PORT")));
		});
		V1Service api = rendered.named(V1Service.class, "sponge-api");
		String upstream = Rendered.name(api) + ":" + api.getSpec().getPorts().get(0).getPort();
		assertThat(environment.get("SPONGE_UPSTREAMS").split(",")).containsExactly(upstream);
	}

	@ParameterizedTest
	@FieldSource("OVERLAYS")
	void plainHttpOnPort80OfTheServiceRedirectsToHttps(String overlay) {
		Rendered rendered = Rendered.of(overlay);
		assertThat(rendered.named(V1Service.class, "sponge-edge").getSpec().getPorts()).anySatisfy((port) -> {
			assertThat(port.getPort()).isEqualTo(80);
			assertThat(port.getTargetPort().getStrValue()).isEqualTo("http");
		});
		assertThat(plainHttpSettings(rendered).variable("redirected_scheme")).hasValue("http");
	}

	@ParameterizedTest
	@FieldSource("OVERLAYS")
	void theMtailSidecarReadsTheAccessLogCopyLighttpdWritesOnAVolumeThatHoldsItAndServesThePodMonitorsPort(
			String overlay) {
		Rendered rendered = Rendered.of(overlay);
		V1Deployment edge = rendered.deployment("sponge-edge");
		V1Container lighttpd = Rendered.container(edge, "lighttpd");
		V1Container mtail = Rendered.container(edge, "mtail");
		String metricsLog = ApiConfiguration.environment(lighttpd).get("SPONGE_EDGE_METRICS_LOG");
		assertThat(metricsLog).as("SPONGE_EDGE_METRICS_LOG of lighttpd").isNotNull();
		String directory = metricsLog.substring(0, metricsLog.lastIndexOf('/'));

		EdgeConfig.Settings settings = EdgeConfig.settings(EdgeConfig.deployed(rendered, CONFIG_DIRECTORY),
				ApiConfiguration.environment(lighttpd));
		assertThat(settings.variable("access_log")).as(settings.output())
			.hasValueSatisfying((log) -> assertThat(log).matches(
					"\\|exec /\\S+/access-log\\.sh /dev/stderr " + Pattern.quote(metricsLog) + " " + METRICS_LOG_KIB));

		assertThat(mtail.getCommand()).containsExactly("mtail");
		int port = mtail.getPorts()
			.stream()
			.filter((p) -> p.getName().equals(NetworkPolicyCheck.EDGE_METRICS_PORT))
			.findFirst()
			.orElseThrow()
			.getContainerPort();
		assertThat(mtail.getArgs()).contains("--logs=" + metricsLog, "--progs=" + CONFIG_DIRECTORY + "/mtail",
				"--port=" + port);
		assertThat(rendered.named(PodMonitor.class, "sponge-edge").getSpec().getPodMetricsEndpoints()).singleElement()
			.satisfies((endpoint) -> assertThat(endpoint.getPort()).isEqualTo(NetworkPolicyCheck.EDGE_METRICS_PORT));

		String volume = mount(lighttpd, directory).getName();
		assertThat(mount(lighttpd, directory).getReadOnly()).isNotEqualTo(Boolean.TRUE);
		assertThat(mount(mtail, directory).getName()).isEqualTo(volume);
		V1EmptyDirVolumeSource emptyDir = edge.getSpec()
			.getTemplate()
			.getSpec()
			.getVolumes()
			.stream()
			.filter((v) -> v.getName().equals(volume))
			.findFirst()
			.orElseThrow()
			.getEmptyDir();
		assertThat(emptyDir).as("the access-log volume is an emptyDir").isNotNull();
		// The file, and the replaced one mtail may still be reading.
		assertThat(emptyDir.getSizeLimit().getNumber().longValue()).as("sizeLimit of " + volume)
			.isGreaterThanOrEqualTo(2L * METRICS_LOG_KIB * 1024);
	}

	@Test
	void behindALoadBalancerThatTerminatesTlsTheSwitchServesPlainHttp() {
		Rendered rendered = Rendered.copyOf("k8s/overlays/prod");
		plainHttpSwitch(rendered).setValue("serve");
		assertThat(plainHttpSettings(rendered).variable("redirected_scheme")).hasValue("none");
	}

	@Test
	void aMisspeltSwitchStopsTheEdgeFromStartingRatherThanServingPlainHttp() {
		Rendered rendered = Rendered.copyOf("k8s/overlays/prod");
		plainHttpSwitch(rendered).setValue("off");
		EdgeConfig.Settings settings = plainHttpSettings(rendered);
		assertThat(settings.exitCode()).isNotZero();
		assertThat(settings.output()).contains("SPONGE_EDGE_PLAIN_HTTP must be redirect or serve, got 'off'");
	}

	@Test
	void theEdgeImageGetsTheSameFilesOfLighttpdAsThePod() throws IOException {
		DockerIgnore ignore = new DockerIgnore(Repository.read(".dockerignore"));
		Map<String, String> files = EdgeConfig.files();
		try (Stream<Path> paths = Files.walk(Repository.path("lighttpd"))) {
			assertThat(
					paths.filter(Files::isRegularFile).map((p) -> Repository.path("lighttpd").relativize(p).toString()))
				.isNotEmpty()
				.allSatisfy((path) -> assertThat(ignore.isIgnored("lighttpd/" + path))
					.as("lighttpd/%s is in the image exactly when it is in the ConfigMaps", path)
					.isEqualTo(!files.containsKey(path)));
		}
	}

	@Test
	void aFileMissingFromTheGeneratorADriftedCopyOrAStrayKeyIsFound() {
		Map<String, String> files = new TreeMap<>(EdgeConfig.files());
		Map<String, String> deployed = new TreeMap<>(
				EdgeConfig.deployed(Rendered.of("k8s/overlays/prod"), CONFIG_DIRECTORY));
		deployed.remove(EdgeDashboard.CONFIG);
		files.put("conf.d/cache.conf", "# a new file nobody added to the kustomization\n");
		deployed.put("lighttpd.conf", deployed.get("lighttpd.conf") + "server.port = 81\n");
		deployed.put("conf.d/old.conf", "# removed from lighttpd/ long ago\n");
		assertThat(EdgeConfig.differences(files, deployed)).containsExactly(
				"lighttpd/conf.d/cache.conf is not deployed: add it to lighttpd/kustomization.yaml",
				"lighttpd/lighttpd.conf differs from the deployed copy",
				"conf.d/old.conf is deployed but is not a file of lighttpd/");
	}

	@Test
	void aConfigMapMountedAnywhereButTheImagesConfigDirectoryDeploysNothing() {
		Rendered rendered = Rendered.copyOf("k8s/overlays/prod");
		Rendered.container(rendered.deployment("sponge-edge"), "lighttpd")
			.getVolumeMounts()
			.forEach((mount) -> mount.setMountPath(mount.getMountPath().replace("/etc/sponge-edge", "/etc/lighttpd")));
		assertThat(EdgeConfig.differences(EdgeConfig.files(), EdgeConfig.deployed(rendered, CONFIG_DIRECTORY)))
			.contains("lighttpd/lighttpd.conf is not deployed: add it to lighttpd/kustomization.yaml");
	}

	private static V1VolumeMount mount(V1Container container, String path) {
		return container.getVolumeMounts()
			.stream()
			.filter((m) -> m.getMountPath().equals(path))
			.findFirst()
			.orElseThrow(() -> new AssertionError(container.getName() + " mounts nothing at " + path));
	}

	/** What the edge pod's settings.sh makes of its environment. */
	private static EdgeConfig.Settings plainHttpSettings(Rendered rendered) {
		V1Container lighttpd = Rendered.container(rendered.deployment("sponge-edge"), "lighttpd");
		return EdgeConfig.settings(EdgeConfig.deployed(rendered, CONFIG_DIRECTORY),
				ApiConfiguration.environment(lighttpd));
	}

	private static V1EnvVar plainHttpSwitch(Rendered rendered) {
		return Rendered.container(rendered.deployment("sponge-edge"), "lighttpd")
			.getEnv()
			.stream()
			.filter((variable) -> variable.getName().equals("SPONGE_EDGE_PLAIN_HTTP"))
			.findFirst()
			.orElseThrow();
	}

	private static String configDirectory() {
		String config = DockerfileRules.configFile(Dockerfile.parse(Repository.read("Dockerfile.edge")));
		return config.substring(0, config.lastIndexOf('/'));
	}

}
