package dev.sponge.deploy;

import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example Cassandra is backed up daily to an object store, keeps its volumes on a
 * named storage class, exports metrics, and takes CQL only from the API's pods.
 */
class CassandraDataSafetyTest {

	private static final Map<String, String> API_POD = WiringPolicy
		.podLabels(Rendered.of("k8s/overlays/prod").deployment("sponge-api"));

	@Test
	void theClusterIsBackedUpDailyMonitoredAndReachableOnlyFromTheApi() {
		assertThat(CassandraDataSafety.check(Rendered.of(Rendered.CASSANDRA), API_POD, "sponge")).isEmpty();
	}

	@Test
	void dailyMeansAFixedTimeEveryDay() {
		assertThat(CassandraDataSafety.isDaily("30 2 * * *")).isTrue();
		assertThat(CassandraDataSafety.isDaily("30 2 * * 0")).isFalse();
		assertThat(CassandraDataSafety.isDaily("*/5 * * * *")).isFalse();
		assertThat(CassandraDataSafety.isDaily("@daily")).isFalse();
	}

	@Test
	void aClusterWithoutBackupsStorageClassOrMetricsIsRefused() {
		Rendered broken = cassandraWith((yaml) -> yaml.replace("        storageClassName: cassandra-ssd-retain\n", "")
			.replace("prometheus:\n        enabled: true", "prometheus:\n        enabled: false")
			.replace("cronSchedule: \"30 2 * * *\"", "cronSchedule: \"30 2 * * 0\""));
		assertThat(CassandraDataSafety.check(broken, API_POD, "sponge")).containsExactly(
				"no enabled daily MedusaBackupSchedule backs up data centre dc1",
				"sponge-cassandra: the data volumes need a storageClassName (the default class may not retain them)",
				"sponge-cassandra: telemetry.prometheus.enabled must be true (ServiceMonitors for Cassandra)");
	}

	@Test
	void medusaWithoutASecretReferenceIsRefused() {
		Rendered broken = cassandraWith(
				(yaml) -> yaml.replace("storageSecretRef:\n        name: medusa-bucket-key\n", ""));
		assertThat(CassandraDataSafety.check(broken, API_POD, "sponge"))
			.containsExactly("sponge-cassandra: Medusa needs the bucket's credentials as storageSecretRef");
	}

	@Test
	void cqlOpenToAnyoneOrClosedToTheApiIsRefused() {
		Rendered open = cassandraWith((yaml) -> yaml.replace("kubernetes.io/metadata.name: sponge\n", "team: any\n"));
		assertThat(CassandraDataSafety.check(open, API_POD, "sponge")).containsExactly(
				"NetworkPolicy sponge-cassandra: CQL is open to a peer outside the API's pods and Cassandra's own namespace",
				"the Cassandra NetworkPolicy lets no CQL in from the API's pods in namespace sponge");
	}

	/** The files of k8s/cassandra, edited as text and validated as the render is. */
	private static Rendered cassandraWith(UnaryOperator<String> edit) {
		String text = Stream
			.of("namespace.yaml", "k8ssandra-cluster.yaml", "medusa-backup-schedule.yaml", "network-policy.yaml")
			.map((file) -> Repository.read(Rendered.CASSANDRA + "/" + file))
			.collect(Collectors.joining("\n---\n"));
		String edited = edit.apply(text);
		assertThat(edited).as("the edit changed the files").isNotEqualTo(text);
		return new Rendered(Rendered.CASSANDRA,
				Kustomize.parse(edited).stream().map(KubernetesSchema::validate).toList());
	}

}
