package dev.sponge.deploy;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import org.springframework.boot.cassandra.autoconfigure.CassandraProperties;

import dev.sponge.cassandra.SpongeCassandraProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The overlays talk to the K8ssandra example: its Service, its data centre, a replication
 * it can hold.
 */
class CassandraClusterTest {

	static final List<String> OVERLAYS = Rendered.OVERLAYS;

	private static final K8ssandraCluster CLUSTER = Rendered.of(Rendered.CASSANDRA)
		.named(K8ssandraCluster.class, "sponge-cassandra");

	@ParameterizedTest
	@FieldSource("OVERLAYS")
	void theOverlayConnectsToTheK8ssandraDatacenterAndReplicatesWithinIt(String overlay) {
		assertThat(problems(ApiConfiguration.of(Rendered.of(overlay)), Rendered.of(overlay))).isEmpty();
	}

	@Test
	void productionKeepsThreeReplicasOnThreeNodesInThreeZones() {
		SpongeCassandraProperties prod = ApiConfiguration.of(Rendered.of("k8s/overlays/prod"))
			.bind("sponge.cassandra", SpongeCassandraProperties.class);
		assertThat(prod.replication().datacenters()).containsExactly(Map.entry("dc1", 3));
		K8ssandraCluster.Datacenter dc1 = CLUSTER.spec().cassandra().datacenters().get(0);
		assertThat(dc1.size()).isEqualTo(3);
		assertThat(dc1.racks()).extracting((rack) -> rack.nodeAffinityLabels().get("topology.kubernetes.io/zone"))
			.doesNotHaveDuplicates()
			.hasSize(3);
		assertThat(CLUSTER.spec().auth()).isTrue();
	}

	@Test
	void aContactPointOrDatacenterOfAnotherClusterIsFound() {
		ApiConfiguration broken = new ApiConfiguration(Map.of("environment.yaml", """
				spring.cassandra.contact-points: cassandra.default.svc:9042
				spring.cassandra.local-datacenter: datacenter1
				sponge.cassandra.replication.datacenters.dc1: 5
				"""));
		assertThat(problems(broken, Rendered.of("k8s/overlays/prod"))).containsExactly(
				"contact points [cassandra.default.svc:9042] are not [sponge-cassandra-dc1-service.cassandra.svc:9042]",
				"local-datacenter datacenter1 is not a data centre of sponge-cassandra ([dc1])",
				"replication 5 in dc1 exceeds its 3 nodes");
	}

	/** What disagrees between the API's Cassandra settings and the K8ssandra example. */
	static List<String> problems(ApiConfiguration configuration, Rendered rendered) {
		List<String> problems = new java.util.ArrayList<>();
		Map<String, Integer> sizes = CLUSTER.spec()
			.cassandra()
			.datacenters()
			.stream()
			.collect(Collectors.toMap((dc) -> dc.metadata().name(), K8ssandraCluster.Datacenter::size));
		String namespace = CLUSTER.metadata().getNamespace();
		List<String> expected = sizes.keySet()
			.stream()
			.map((dc) -> Rendered.name(CLUSTER) + "-" + dc + "-service." + namespace + ".svc:9042")
			.toList();
		CassandraProperties driver = configuration.bind("spring.cassandra", CassandraProperties.class);
		if (!expected.containsAll(driver.getContactPoints())) {
			problems.add("contact points " + driver.getContactPoints() + " are not " + expected);
		}
		if (!sizes.containsKey(driver.getLocalDatacenter())) {
			problems.add("local-datacenter " + driver.getLocalDatacenter() + " is not a data centre of "
					+ Rendered.name(CLUSTER) + " (" + sizes.keySet() + ")");
		}
		SpongeCassandraProperties sponge = configuration.bind("sponge.cassandra", SpongeCassandraProperties.class);
		sponge.replication().datacenters().forEach((dc, factor) -> {
			if (!sizes.containsKey(dc)) {
				problems.add("replication names data centre " + dc + ", which " + Rendered.name(CLUSTER) + " lacks");
			}
			else if (factor > sizes.get(dc)) {
				problems.add("replication " + factor + " in " + dc + " exceeds its " + sizes.get(dc) + " nodes");
			}
		});
		boolean reachable = rendered.named(V1NetworkPolicy.class, "sponge-api")
			.getSpec()
			.getEgress()
			.stream()
			.flatMap((rule) -> rule.getTo().stream())
			.anyMatch((peer) -> peer.getNamespaceSelector() != null && namespace
				.equals(peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name")));
		if (!reachable) {
			problems.add("NetworkPolicy sponge-api lets no traffic out to namespace " + namespace);
		}
		return problems;
	}

}
