package dev.sponge.deploy;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/**
 * The part of the K8ssandra operator's {@code K8ssandraCluster} (k8ssandra.io/v1alpha1)
 * that k8s/cassandra uses, written from the operator's API reference: the fields, their
 * types and which are required. Read strictly, a field outside this model fails, so
 * extend the model (from the reference) before using a new field.
 *
 * @param apiVersion k8ssandra.io/v1alpha1
 * @param kind K8ssandraCluster
 * @param metadata object metadata
 * @param spec the cluster
 */
record K8ssandraCluster(@JsonProperty(required = true) String apiVersion, @JsonProperty(required = true) String kind,
		@JsonProperty(required = true) ObjectMeta metadata, @JsonProperty(required = true) Spec spec) {

	record Spec(Boolean auth, @JsonProperty(required = true) Cassandra cassandra, Reaper reaper, Medusa medusa) {
	}

	record Cassandra(@JsonProperty(required = true) String serverVersion, ResourceRequirements resources, Config config,
			Telemetry telemetry, StorageConfig storageConfig,
			@JsonProperty(required = true) List<Datacenter> datacenters) {
	}

	/** Metrics: {@code prometheus.enabled} makes the operator create ServiceMonitors. */
	record Telemetry(Prometheus prometheus) {
	}

	record Prometheus(Boolean enabled, Map<String, String> commonLabels) {
	}

	/** Medusa backups; the bucket's credentials only by reference to a Secret. */
	record Medusa(@JsonProperty(required = true) Storage storageProperties) {
	}

	/**
	 * Medusa's storage backend ({@code MedusaClusterTemplate.storageProperties}); ages in
	 * days.
	 */
	record Storage(@JsonProperty(required = true) String storageProvider,
			@JsonProperty(required = true) String bucketName, String prefix, String host, Integer port, Boolean secure,
			String region, LocalObjectReference storageSecretRef, Integer maxBackupAge, Integer maxBackupCount) {
	}

	record LocalObjectReference(@JsonProperty(required = true) String name) {
	}

	record Config(JvmOptions jvmOptions) {
	}

	record JvmOptions(Quantity heapSize) {
	}

	record StorageConfig(PersistentVolumeClaimSpec cassandraDataVolumeClaimSpec) {
	}

	/** A data centre; its Cassandra name is {@code metadata.name}. */
	record Datacenter(@JsonProperty(required = true) DatacenterMetadata metadata,
			@JsonProperty(required = true) Integer size, List<Rack> racks) {
	}

	record DatacenterMetadata(@JsonProperty(required = true) String name) {
	}

	record Rack(@JsonProperty(required = true) String name, Map<String, String> nodeAffinityLabels) {
	}

	record Reaper(AutoScheduling autoScheduling) {
	}

	record AutoScheduling(Boolean enabled) {
	}

}
