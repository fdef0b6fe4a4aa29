package dev.sponge.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import io.kubernetes.client.openapi.models.V1Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import org.springframework.boot.actuate.autoconfigure.web.server.ManagementServerProperties;
import org.springframework.boot.cassandra.autoconfigure.CassandraProperties;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsProperties;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;

import dev.sponge.cassandra.SpongeCassandraProperties;
import dev.sponge.edge.EdgeProperties;
import dev.sponge.ingest.IngestProperties;
import dev.sponge.points.PointStorageProperties;
import dev.sponge.query.QueryProperties;
import dev.sponge.security.SpongeSecurityProperties;
import dev.sponge.series.SeriesProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The API's ConfigMap holds real properties of the service, which bind to its own
 * configuration classes, and the Deployment's probes, ports, scraping and shutdown timing
 * match that configuration.
 */
class ApiConfigurationTest {

	static final List<String> OVERLAYS = Rendered.OVERLAYS;

	private static final SpringPropertyCatalog CATALOG = SpringPropertyCatalog.INSTANCE;

	@ParameterizedTest
	@FieldSource("OVERLAYS")
	void everyKeyOfTheConfigMapIsAPropertyOfTheService(String overlay) {
		ApiConfiguration configuration = ApiConfiguration.of(Rendered.of(overlay));
		assertThat(configuration.files()).containsOnlyKeys("application.yaml", "environment.yaml");
		assertThat(configuration.keys()).hasSizeGreaterThan(10)
			.filteredOn((key) -> !CATALOG.isKnown(key.substring(key.indexOf(": ") + 2)))
			.isEmpty();
	}

	@ParameterizedTest
	@FieldSource("OVERLAYS")
	void everyEnvironmentVariableOfTheApiContainerIsAPropertyOrTheJvmsOptions(String overlay) {
		V1Deployment api = Rendered.of(overlay).deployment("sponge-api");
		assertThat(ApiConfiguration.environment(Rendered.container(api, "api")).keySet()).isNotEmpty()
			.filteredOn((variable) -> !variable.equals(JvmSizing.OPTIONS_VARIABLE)
					&& !CATALOG.isKnownEnvironmentVariable(variable))
			.isEmpty();
	}

	@ParameterizedTest
	@FieldSource("OVERLAYS")
	void theServiceTrustsForwardingHeadersFromTheEdgePodsNetworkOnly(String overlay) {
		List<String> trusted = ApiConfiguration.of(Rendered.of(overlay))
			.bind("sponge.edge", EdgeProperties.class)
			.trustedProxies();
		assertThat(edgeTrustProblems(trusted)).isEmpty();
	}

	@Test
	void trustingOnlyLoopbackOrEveryAddressIsRefused() {
		assertThat(edgeTrustProblems(List.of("127.0.0.0/8", "::1"))).containsExactly(
				"sponge.edge.trusted-proxies [127.0.0.0/8, ::1] holds no pod network: the edge pods' addresses would be "
						+ "untrusted and the audit trail would record the edge, not the client");
		assertThat(edgeTrustProblems(List.of("10.244.0.0/16", "0.0.0.0/0"))).containsExactly(
				"sponge.edge.trusted-proxies trusts every address (0.0.0.0/0): any client could choose its address");
	}

	/** The edge pods connect from the cluster's pod network, a private range. */
	static List<String> edgeTrustProblems(List<String> trusted) {
		List<String> problems = new java.util.ArrayList<>();
		if (trusted.stream().anyMatch((range) -> range.endsWith("/0"))) {
			problems.add("sponge.edge.trusted-proxies trusts every address ("
					+ trusted.stream().filter((range) -> range.endsWith("/0")).findFirst().get()
					+ "): any client could choose its address");
		}
		else if (trusted.stream()
			.noneMatch((range) -> range.matches("(10|172\\.(1[6-9]|2\\d|3[01])|192\\.168)\\..*|f[cd].*"))) {
			problems.add("sponge.edge.trusted-proxies " + trusted + " holds no pod network: the edge pods' addresses "
					+ "would be untrusted and the audit trail would record the edge, not the client");
		}
		return problems;
	}

	@ParameterizedTest
	@FieldSource("OVERLAYS")
	void theConfigMapBindsToTheServicesOwnConfigurationClasses(String overlay) {
		ApiConfiguration configuration = ApiConfiguration.of(Rendered.of(overlay));
		SpongeCassandraProperties cassandra = configuration.bind("sponge.cassandra", SpongeCassandraProperties.class);
		assertThat(cassandra.replication().strategy()).isEqualTo("NetworkTopologyStrategy");
		assertThat(cassandra.replication().datacenters()).isNotEmpty();
		assertThat(cassandra.writeConsistency()).isEqualTo(DefaultConsistencyLevel.LOCAL_QUORUM);
		assertThat(configuration.bind("sponge.security", SpongeSecurityProperties.class).tenantClaim())
			.isEqualTo("tenant");
		assertThat(configuration.bind("sponge.ingest", IngestProperties.class).maxPointsPerRequest()).isPositive();
		assertThat(configuration.bind("sponge.query", QueryProperties.class).maxSeries()).isPositive();
		assertThat(configuration.bind("sponge.series", SeriesProperties.class).maxTags()).isPositive();
		assertThat(configuration.bind("sponge.points", PointStorageProperties.class).batchMaxRows()).isPositive();
		CassandraProperties driver = configuration.bind("spring.cassandra", CassandraProperties.class);
		assertThat(driver.getContactPoints()).singleElement().asString().endsWith(".svc:9042");
		assertThat(cassandra.replication().datacenters()).containsKey(driver.getLocalDatacenter());
		OAuth2ResourceServerProperties jwt = configuration.bind("spring.security.oauth2.resourceserver",
				OAuth2ResourceServerProperties.class);
		assertThat(jwt.getJwt().getIssuerUri()).startsWith("https://");
		assertThat(jwt.getJwt().getAudiences()).isNotEmpty();
		assertThat(configuration.bind("management.server", ManagementServerProperties.class).getPort()).isEqualTo(8081);
		assertThat(configuration.bind("server", ServerProperties.class).getPort()).isEqualTo(8080);
		assertThat(configuration.bind("management.metrics", MetricsProperties.class)
			.getDistribution()
			.getPercentilesHistogram()).containsEntry("http.server.requests", true);
	}

	@ParameterizedTest
	@FieldSource("OVERLAYS")
	void probesPortsScrapingAndShutdownTimingMatchTheServicesActuatorConfiguration(String overlay) {
		Rendered rendered = Rendered.of(overlay);
		ApiConfiguration.Actuator actuator = ApiConfiguration.of(rendered).actuator();
		assertThat(actuator.liveness()).isEqualTo("/actuator/health/liveness");
		assertThat(ActuatorWiring.check(rendered, actuator)).isEmpty();
	}

	@Test
	void theCatalogKnowsTheServicesAndSpringBootsPropertiesAndNothingElse() {
		assertThat(CATALOG.size()).isGreaterThan(500);
		assertThat(CATALOG.isKnown("sponge.cassandra.keyspace")).isTrue();
		assertThat(CATALOG.isKnown("sponge.cassandra.replication.datacenters.dc1")).isTrue();
		assertThat(CATALOG.isKnown("sponge.security.reader-groups[0]")).isTrue();
		assertThat(CATALOG.isKnown("spring.cassandra.contact-points")).isTrue();
		assertThat(CATALOG.isKnown("sponge.cassandra.replicaton.factor")).isFalse();
		assertThat(CATALOG.isKnown("sponge.cassandra.keyspace.name")).isFalse();
		// Spring binds relaxed names, so a camel-case key is the same property
		assertThat(CATALOG.isKnown("spring.cassandra.contactPoints")).isTrue();
		assertThat(CATALOG.isKnownEnvironmentVariable("SPRING_CASSANDRA_PASSWORD")).isTrue();
		assertThat(CATALOG.isKnownEnvironmentVariable("SPRING_CASANDRA_PASSWORD")).isFalse();
	}

	@Test
	void aMisspelledKeyInTheConfigMapIsFound() {
		ApiConfiguration configuration = new ApiConfiguration(Map.of("environment.yaml", """
				sponge:
				  cassandra:
				    replicaton:
				      factor: 3
				"""));
		assertThat(configuration.keys()).filteredOn((key) -> !CATALOG.isKnown(key.substring(key.indexOf(": ") + 2)))
			.containsExactly("environment.yaml: sponge.cassandra.replicaton.factor");
	}

	@Test
	void aValueOfTheWrongTypeFailsToBind() {
		ApiConfiguration configuration = new ApiConfiguration(
				Map.of("environment.yaml", "sponge.cassandra.replication.factor: three\n"));
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> configuration.bind("sponge.cassandra", SpongeCassandraProperties.class))
			.withMessageContaining("sponge.cassandra.replication.factor");
	}

	@Test
	void aValueThatBreaksAConstraintOfTheServiceFailsToBind() {
		ApiConfiguration configuration = new ApiConfiguration(
				Map.of("environment.yaml", "sponge.cassandra.keyspace: Bad-Name\n"));
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> configuration.bind("sponge.cassandra", SpongeCassandraProperties.class))
			.havingRootCause()
			.withMessageContaining("keyspace");
	}

	@Test
	void laterFilesOverrideEarlierOnesAsSpringBootLoadsThem() {
		Map<String, String> files = new LinkedHashMap<>();
		files.put("application.yaml", "management.server.port: 8081\n");
		files.put("environment.yaml", "management.server.port: 9091\n");
		assertThat(new ApiConfiguration(files).actuator().managementPort()).isEqualTo(9091);
	}

	@Test
	void aProbeOnAnotherPathOrPortIsRefused() {
		Rendered rendered = Rendered.copyOf("k8s/overlays/prod");
		var container = Rendered.container(rendered.deployment("sponge-api"), "api");
		container.getReadinessProbe().getHttpGet().setPath("/actuator/health/ready");
		container.getLivenessProbe().getHttpGet().setPort(new io.kubernetes.client.custom.IntOrString("http"));
		assertThat(ActuatorWiring.check(rendered, ApiConfiguration.of(rendered).actuator())).containsExactly(
				"liveness probe uses port http, not management.server.port 8081",
				"readiness probe asks /actuator/health/ready, not [/actuator/health/readiness]");
	}

	@Test
	void aManagementPortTheDeploymentDoesNotServeIsRefused() {
		Rendered rendered = Rendered.copyOf("k8s/overlays/prod");
		Map<String, String> files = new LinkedHashMap<>(ApiConfiguration.of(rendered).files());
		files.put("environment.yaml", files.get("environment.yaml") + "management.server.port: 9090\n");
		assertThat(ActuatorWiring.check(rendered, new ApiConfiguration(files).actuator())).contains(
				"the api container declares ports [8080, 8081], not server.port 8080 and management.server.port 9090");
	}

	@Test
	void aGracePeriodShorterThanPreStopPlusTheShutdownPhaseIsRefused() {
		Rendered rendered = Rendered.copyOf("k8s/overlays/prod");
		Map<String, String> files = new LinkedHashMap<>(ApiConfiguration.of(rendered).files());
		files.put("environment.yaml",
				files.get("environment.yaml") + "spring.lifecycle.timeout-per-shutdown-phase: 45s\n");
		assertThat(ActuatorWiring.check(rendered, new ApiConfiguration(files).actuator())).containsExactly(
				"terminationGracePeriodSeconds 35 is shorter than preStop 10s + spring.lifecycle.timeout-per-shutdown-phase 45s + 5s");
	}

}
