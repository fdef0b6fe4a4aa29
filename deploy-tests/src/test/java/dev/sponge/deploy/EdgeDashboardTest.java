package dev.sponge.deploy;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The edge serves the dashboard: the image builds the bundle as the Maven module does and
 * puts it in the document root, and each overlay's pod keeps that bundle and mounts only
 * its own config.json over the bundle's, signing in at the issuer its API trusts.
 */
class EdgeDashboardTest {

	static final List<String> OVERLAYS = Rendered.OVERLAYS;

	private static final Dockerfile EDGE = Dockerfile.parse(Repository.read("Dockerfile.edge"));

	private static final String CONFIG_DIRECTORY = configDirectory();

	private static final String DOCROOT = CONFIG_DIRECTORY + "/" + EdgeDashboard.DOCROOT;

	@Test
	void theEdgeImageBuildsTheBundleAsTheMavenModuleDoesIntoItsDocumentRoot() {
		String outDir = viteOutDir();
		assertThat(Repository.read("dashboard/pom.xml")).contains("<argument>ci</argument>")
			.contains("<argument>run</argument>\n                <argument>build</argument>");
		assertThat(DockerfileRules.dashboard(EDGE, DOCROOT, outDir)).isEmpty();
		// settings.sh's default document root is www/ beside lighttpd.conf, where the
		// bundle lands.
		EdgeConfig.Settings settings = EdgeConfig.settings(EdgeConfig.files(),
				Map.of("SPONGE_EDGE_PORT", "8000", "SPONGE_UPSTREAMS", "sponge-api:8080"));
		assertThat(settings.variable("docroot")).hasValueSatisfying((docroot) -> assertThat(docroot).endsWith("/www"));
	}

	@Test
	void anEdgeImageWithoutTheBundleOrWithAnotherBuildIsRefused() {
		String outDir = viteOutDir();
		Dockerfile placeholder = Dockerfile.parse(Repository.read("Dockerfile.edge")
			.replace("COPY --from=dashboard /dashboard/target/www/ /etc/sponge-edge/www/", ""));
		assertThat(DockerfileRules.dashboard(placeholder, DOCROOT, outDir)).containsExactly(
				"COPY --from=<the dashboard's build stage> <its target/www/> /etc/sponge-edge/www/: the document root serves the dashboard");
		Dockerfile other = Dockerfile.parse(Repository.read("Dockerfile.edge")
			.replace("RUN npm ci --no-audit --no-fund", "RUN npm install")
			.replace("RUN npm run build", "RUN npx vite build --outDir dist")
			.replace("/dashboard/target/www/ /etc", "/dashboard/dist/ /etc"));
		assertThat(DockerfileRules.dashboard(other, DOCROOT, outDir)).containsExactly(
				"stage dashboard: install the packages of dashboard/package-lock.json with npm ci",
				"stage dashboard: build the bundle with npm run build",
				"copy the build's output /dashboard/target/www/ into /etc/sponge-edge/www, not /dashboard/dist/");
	}

	@ParameterizedTest
	@FieldSource("OVERLAYS")
	void eachOverlayServesTheBundleWithItsOwnConfigSigningInAtTheIssuerItsApiTrusts(String overlay) {
		Rendered rendered = Rendered.of(overlay);
		assertThat(EdgeDashboard.problems(rendered, CONFIG_DIRECTORY)).isEmpty();
		assertThat(EdgeConfig.deployed(rendered, CONFIG_DIRECTORY).get(EdgeDashboard.CONFIG))
			.isEqualTo(Repository.read(overlay + "/dashboard/config.json"));
	}

	@Test
	void theOverlaysSignInAtTheirOwnIssuers() {
		assertThat(OVERLAYS).contains("k8s/overlays/dev", "k8s/overlays/prod");
		assertThat(OVERLAYS.stream()
			.map((overlay) -> EdgeConfig.deployed(Rendered.of(overlay), CONFIG_DIRECTORY).get(EdgeDashboard.CONFIG))
			.distinct()).hasSize(OVERLAYS.size());
	}

	@Test
	void aConfigForAnotherIssuerOrAnEdgeThatMayNotReachTheIssuerIsFound() {
		Rendered rendered = Rendered.copyOf("k8s/overlays/prod");
		V1ConfigMap config = rendered.named(V1ConfigMap.class, "sponge-edge-dashboard");
		config.getData()
			.put("config.json", config.getData()
				.get("config.json")
				.replace("https://login.sponge.dev/oauth2/default", "https://sponge-dev.okta.com/oauth2/default"));
		V1Container lighttpd = Rendered.container(rendered.deployment("sponge-edge"), "lighttpd");
		lighttpd.getEnv().removeIf((V1EnvVar variable) -> variable.getName().equals("SPONGE_EDGE_OIDC_ORIGIN"));
		assertThat(EdgeDashboard.problems(rendered, CONFIG_DIRECTORY)).containsExactly(
				"www/config.json signs in at issuer 'https://sponge-dev.okta.com/oauth2/default', but the API trusts 'https://login.sponge.dev/oauth2/default'",
				"the Content-Security-Policy's connect-src is ''self'': set SPONGE_EDGE_OIDC_ORIGIN=https://sponge-dev.okta.com so the page may reach its issuer");
	}

	@Test
	void aConfigMapMountedOverTheWholeDocumentRootHidesTheBundleAndIsFound() {
		Rendered rendered = Rendered.copyOf("k8s/overlays/prod");
		V1Container lighttpd = Rendered.container(rendered.deployment("sponge-edge"), "lighttpd");
		V1VolumeMount mount = lighttpd.getVolumeMounts()
			.stream()
			.filter((m) -> m.getMountPath().equals(DOCROOT + "/config.json"))
			.findFirst()
			.orElseThrow();
		mount.setMountPath(DOCROOT);
		mount.setSubPath(null);
		assertThat(EdgeDashboard.problems(rendered, CONFIG_DIRECTORY)).containsExactly("volume " + mount.getName()
				+ " is mounted at /etc/sponge-edge/www: only www/config.json (subPath) may be mounted into the document root, or the image's dashboard bundle is hidden");
	}

	@Test
	void anOverlayWithoutItsOwnConfigIsFound() {
		Rendered rendered = Rendered.copyOf("k8s/overlays/dev");
		rendered.named(V1ConfigMap.class, "sponge-edge-dashboard").getData().clear();
		assertThat(EdgeDashboard.problems(rendered, CONFIG_DIRECTORY))
			.containsExactly("www/config.json is not mounted: the page would sign in at local mode's issuer");
	}

	/** The build's output directory, relative to dashboard/ (vite.config.js's outDir). */
	private static String viteOutDir() {
		Matcher matcher = Pattern.compile("outDir: '([^']+)'").matcher(Repository.read("dashboard/vite.config.js"));
		assertThat(matcher.find()).as("outDir in dashboard/vite.config.js").isTrue();
		return matcher.group(1);
	}

	private static String configDirectory() {
		String config = DockerfileRules.configFile(EDGE);
		return config.substring(0, config.lastIndexOf('/'));
	}

}
