package dev.sponge.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1NetworkPolicyIngressRule;
import io.kubernetes.client.openapi.models.V1NetworkPolicyPeer;
import io.kubernetes.client.openapi.models.V1NetworkPolicyPort;

/**
 * What keeps the example Cassandra's data safe: Medusa backups to an object store whose
 * credentials are a referenced Secret, a daily backup schedule of every data centre, a
 * storage class for the data volumes, metrics for Prometheus, and a NetworkPolicy that
 * lets CQL in only from the API's pods (and Cassandra's own helpers). Returns what is
 * wrong; empty when all holds.
 */
final class CassandraDataSafety {

	static final int CQL_PORT = 9042;

	static final Set<String> OBJECT_STORES = Set.of("s3", "s3_compatible", "s3_rgw", "google_storage", "azure_blobs",
			"ibm_storage");

	private CassandraDataSafety() {
	}

	static List<String> check(Rendered cassandra, Map<String, String> apiPodLabels, String apiNamespace) {
		List<String> problems = new ArrayList<>();
		K8ssandraCluster cluster = cassandra.all(K8ssandraCluster.class).get(0);
		String name = Rendered.name(cluster);
		K8ssandraCluster.Medusa medusa = cluster.spec().medusa();
		if (medusa == null) {
			problems.add(name + ": no Medusa backups (spec.medusa)");
		}
		else {
			K8ssandraCluster.Storage storage = medusa.storageProperties();
			if (!OBJECT_STORES.contains(storage.storageProvider())) {
				problems
					.add(name + ": Medusa stores backups in " + storage.storageProvider() + ", not an object store");
			}
			if (storage.storageSecretRef() == null || storage.storageSecretRef().name() == null) {
				problems.add(name + ": Medusa needs the bucket's credentials as storageSecretRef");
			}
		}
		for (K8ssandraCluster.Datacenter dc : cluster.spec().cassandra().datacenters()) {
			boolean daily = cassandra.all(MedusaBackupSchedule.class)
				.stream()
				.anyMatch((s) -> dc.metadata().name().equals(s.spec().backupSpec().cassandraDatacenter())
						&& !Boolean.TRUE.equals(s.spec().disabled()) && isDaily(s.spec().cronSchedule()));
			if (!daily) {
				problems.add("no enabled daily MedusaBackupSchedule backs up data centre " + dc.metadata().name());
			}
		}
		var storageConfig = cluster.spec().cassandra().storageConfig();
		if (storageConfig == null || storageConfig.cassandraDataVolumeClaimSpec() == null
				|| storageConfig.cassandraDataVolumeClaimSpec().getStorageClassName() == null) {
			problems.add(name + ": the data volumes need a storageClassName (the default class may not retain them)");
		}
		var telemetry = cluster.spec().cassandra().telemetry();
		if (telemetry == null || telemetry.prometheus() == null
				|| !Boolean.TRUE.equals(telemetry.prometheus().enabled())) {
			problems.add(name + ": telemetry.prometheus.enabled must be true (ServiceMonitors for Cassandra)");
		}
		List<V1NetworkPolicy> policies = cassandra.all(V1NetworkPolicy.class)
			.stream()
			.filter((p) -> p.getSpec().getPolicyTypes().contains("Ingress") && p.getSpec().getPodSelector() != null
					&& p.getSpec().getPodSelector().getMatchLabels() != null
					&& name.equals(p.getSpec().getPodSelector().getMatchLabels().get("cassandra.datastax.com/cluster")))
			.toList();
		if (policies.isEmpty()) {
			problems.add("no NetworkPolicy selects the Cassandra pods of " + name);
			return problems;
		}
		boolean apiAllowed = false;
		for (V1NetworkPolicy policy : policies) {
			for (V1NetworkPolicyIngressRule rule : Objects.requireNonNullElse(policy.getSpec().getIngress(),
					List.<V1NetworkPolicyIngressRule>of())) {
				List<V1NetworkPolicyPort> ports = Objects.requireNonNullElse(rule.getPorts(), List.of());
				List<V1NetworkPolicyPeer> from = Objects.requireNonNullElse(rule.getFrom(), List.of());
				String where = "NetworkPolicy " + Rendered.name(policy) + ": ";
				if (ports.isEmpty()) {
					problems.add(where + "a rule opens every port; name the ports");
					continue;
				}
				if (from.isEmpty() || from.stream().anyMatch(CassandraDataSafety::isAnyone)) {
					problems.add(where + "a rule lets anyone in on " + ports.stream().map((p) -> p.getPort()).toList());
					continue;
				}
				boolean cql = ports.stream()
					.anyMatch((p) -> p.getPort() != null && p.getPort().isInteger()
							&& p.getPort().getIntValue() == CQL_PORT);
				if (!cql) {
					continue;
				}
				for (V1NetworkPolicyPeer peer : from) {
					boolean api = peer.getNamespaceSelector() != null
							&& peer.getNamespaceSelector().getMatchLabels() != null
							&& apiNamespace
								.equals(peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name"))
							&& peer.getPodSelector() != null && !Labels.isEmpty(peer.getPodSelector())
							&& Labels.matches(peer.getPodSelector(), apiPodLabels);
					boolean sameNamespace = peer.getNamespaceSelector() == null && peer.getIpBlock() == null
							&& peer.getPodSelector() != null && !Labels.isEmpty(peer.getPodSelector());
					apiAllowed |= api;
					if (!api && !sameNamespace) {
						problems
							.add(where + "CQL is open to a peer outside the API's pods and Cassandra's own namespace");
					}
				}
			}
		}
		if (!apiAllowed) {
			problems.add("the Cassandra NetworkPolicy lets no CQL in from the API's pods in namespace " + apiNamespace);
		}
		return problems;
	}

	/** Minute and hour fixed, every day of every month: {@code m h * * *}. */
	static boolean isDaily(String cron) {
		String[] fields = Objects.requireNonNullElse(cron, "").trim().split("\\s+");
		return fields.length == 5 && fields[0].matches("\\d+") && fields[1].matches("\\d+") && fields[2].equals("*")
				&& fields[3].equals("*") && fields[4].equals("*");
	}

	private static boolean isAnyone(V1NetworkPolicyPeer peer) {
		return (peer.getIpBlock() != null && peer.getIpBlock().getCidr().endsWith("/0"))
				|| (peer.getNamespaceSelector() != null && Labels.isEmpty(peer.getNamespaceSelector())
						&& (peer.getPodSelector() == null || Labels.isEmpty(peer.getPodSelector())));
	}

}
