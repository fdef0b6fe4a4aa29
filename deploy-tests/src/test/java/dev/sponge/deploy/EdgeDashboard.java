package dev.sponge.deploy;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an overlay's edge pod makes of the dashboard the image holds in its document root
 * ({@code www/} beside lighttpd.conf): the bundle stays visible, only its
 * {@code config.json} is the overlay's, and that config signs in at the issuer the API
 * trusts, whose origin the edge's Content-Security-Policy lets the page reach.
 */
final class EdgeDashboard {

	/** The document root, relative to the image's configuration directory. */
	static final String DOCROOT = "www";

	/**
	 * The one file below the configuration directory that is not a file of lighttpd/ and
	 * differs per environment: where the dashboard signs in.
	 */
	static final String CONFIG = DOCROOT + "/config.json";

	private EdgeDashboard() {
	}

	/**
	 * Everything wrong with the dashboard of the rendered overlay; empty when nothing.
	 */
	static List<String> problems(Rendered rendered, String configDirectory) {
		List<String> problems = new ArrayList<>();
		V1Container lighttpd = Rendered.container(rendered.deployment("sponge-edge"), "lighttpd");
		String docroot = configDirectory + "/" + DOCROOT;
		for (V1VolumeMount mount : lighttpd.getVolumeMounts()) {
			if ((mount.getMountPath() + "/").startsWith(docroot + "/")
					&& !(mount.getMountPath().equals(configDirectory + "/" + CONFIG) && mount.getSubPath() != null)) {
				problems.add("volume " + mount.getName() + " is mounted at " + mount.getMountPath() + ": only " + CONFIG
						+ " (subPath) may be mounted into the document root, or the image's "
						+ "dashboard bundle is hidden");
			}
		}
		Map<String, String> environment = ApiConfiguration.environment(lighttpd);
		if (environment.containsKey("SPONGE_EDGE_DOCROOT")) {
			problems.add("SPONGE_EDGE_DOCROOT is set: the image's bundle is in " + docroot + ", settings.sh's default");
		}
		String config = EdgeConfig.deployed(rendered, configDirectory).get(CONFIG);
		if (config == null) {
			problems.add(CONFIG + " is not mounted: the page would sign in at local mode's issuer");
			return problems;
		}
		JsonNode json;
		try {
			json = JsonMapper.builder().build().readTree(config);
		}
		catch (JacksonException ex) {
			problems.add(CONFIG + " is not JSON: " + ex.getOriginalMessage());
			return problems;
		}
		String issuer = json.path("issuer").asString("");
		String trusted = ApiConfiguration.of(rendered)
			.get("spring.security.oauth2.resourceserver.jwt.issuer-uri", String.class, null);
		if (!issuer.equals(trusted)) {
			problems.add(CONFIG + " signs in at issuer '" + issuer + "', but the API trusts '" + trusted + "'");
		}
		if (json.path("clientId").asString("").isBlank()) {
			problems.add(CONFIG + " names no clientId (the issuer's single-page app)");
		}
		if (!List.of(json.path("scope").asString("").split(" ")).contains("openid")) {
			problems.add(CONFIG + ": scope must contain openid");
		}
		if (!issuer.isEmpty()) {
			URI uri = URI.create(issuer);
			String origin = uri.getScheme() + "://" + uri.getAuthority();
			EdgeConfig.Settings settings = EdgeConfig.settings(EdgeConfig.deployed(rendered, configDirectory),
					environment);
			String connect = settings.variable("connect_src").orElse("");
			if (!List.of(connect.split(" ")).contains(origin)) {
				problems.add("the Content-Security-Policy's connect-src is '" + connect
						+ "': set SPONGE_EDGE_OIDC_ORIGIN=" + origin + " so the page may reach its issuer"
						+ ((settings.exitCode() != 0) ? " (" + settings.output().strip() + ")" : ""));
			}
		}
		return problems;
	}

}
