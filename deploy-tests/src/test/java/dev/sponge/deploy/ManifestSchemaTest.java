package dev.sponge.deploy;

import java.util.List;
import java.util.Map;

import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every object of every overlay (and of the Cassandra example) is valid against the
 * Kubernetes API schemas; the tests with broken manifests prove the validator refuses
 * what the API server would.
 */
class ManifestSchemaTest {

	static final List<String> OVERLAYS = Rendered.OVERLAYS;

	@ParameterizedTest
	@FieldSource("OVERLAYS")
	void everyObjectOfTheOverlayIsValidAgainstTheKubernetesSchemas(String overlay) {
		Rendered rendered = Rendered.of(overlay);
		assertThat(rendered.all(V1Namespace.class)).hasSize(1);
		assertThat(rendered.all(V1Deployment.class)).extracting(Rendered::name)
			.containsExactlyInAnyOrder("sponge-api", "sponge-edge");
		assertThat(rendered.all(V1Service.class)).extracting(Rendered::name)
			.containsExactlyInAnyOrder("sponge-api", "sponge-api-management", "sponge-edge");
		assertThat(rendered.all(V1ServiceAccount.class)).hasSize(2);
		assertThat(rendered.all(V2HorizontalPodAutoscaler.class)).hasSize(2);
		assertThat(rendered.all(V1PodDisruptionBudget.class)).hasSize(2);
		assertThat(rendered.all(V1NetworkPolicy.class)).hasSize(3);
		assertThat(rendered.all(V1ConfigMap.class)).hasSize(5);
		assertThat(rendered.all(ServiceMonitor.class)).hasSize(1);
		assertThat(rendered.all(PodMonitor.class)).hasSize(1);
		assertThat(rendered.all(PrometheusRule.class)).hasSize(1);
		assertThat(rendered.objects()).hasSize(23);
	}

	@Test
	void theDevelopmentAndProductionOverlaysAreAmongThoseChecked() {
		assertThat(OVERLAYS).contains("k8s/overlays/dev", "k8s/overlays/prod");
	}

	@Test
	void theCassandraExampleIsAValidK8ssandraCluster() {
		Rendered rendered = Rendered.of(Rendered.CASSANDRA);
		K8ssandraCluster cluster = rendered.named(K8ssandraCluster.class, "sponge-cassandra");
		assertThat(cluster.spec().cassandra().datacenters()).singleElement()
			.satisfies((dc) -> assertThat(dc.size()).isEqualTo(3));
		assertThat(rendered.all(MedusaBackupSchedule.class)).hasSize(1);
		assertThat(rendered.all(V1NetworkPolicy.class)).hasSize(1);
		assertThat(rendered.objects()).hasSize(4);
	}

	@Test
	void aMisspelledFieldIsRefused() {
		assertThatExceptionOfType(InvalidManifestException.class)
			.isThrownBy(() -> KubernetesSchema.validate(deployment("replica: 3", "name: api")))
			.withMessageContaining("Deployment broken")
			.withMessageContaining("`replica`");
	}

	@Test
	void aMisspelledFieldDeepInsideThePodTemplateIsRefused() {
		assertThatExceptionOfType(InvalidManifestException.class)
			.isThrownBy(() -> KubernetesSchema
				.validate(deployment("replicas: 3", "name: api\n        imagePullPolice: Always")))
			.withMessageContaining("`imagePullPolice`");
	}

	@Test
	void aValueOfTheWrongTypeIsRefused() {
		assertThatExceptionOfType(InvalidManifestException.class)
			.isThrownBy(() -> KubernetesSchema.validate(deployment("replicas: \"3\"", "name: api")))
			.withMessageContaining("expected NUMBER but found STRING");
		assertThatExceptionOfType(InvalidManifestException.class)
			.isThrownBy(() -> KubernetesSchema.validate(deployment("replicas: 3", "name: 42")))
			.withMessageContaining("expected STRING but found NUMBER");
	}

	@Test
	void aMissingRequiredFieldIsRefused() {
		assertThatExceptionOfType(InvalidManifestException.class)
			.isThrownBy(() -> KubernetesSchema.validate(deployment("replicas: 3", "tty: true")))
			.withMessageContaining("required field `name`");
	}

	@Test
	void aWellFormedDeploymentPasses() {
		assertThat(KubernetesSchema.validate(deployment("replicas: 3", "name: api"))).isInstanceOf(V1Deployment.class);
	}

	@Test
	void anUnknownKindIsRefusedRatherThanWavedThrough() {
		assertThatExceptionOfType(InvalidManifestException.class).isThrownBy(() -> KubernetesSchema.validate(yaml("""
				apiVersion: apps/v1
				kind: Deploymnet
				metadata:
				  name: broken
				"""))).withMessageContaining("no schema for apiVersion apps/v1, kind Deploymnet");
	}

	@Test
	void aMisspelledFieldOfAServiceMonitorIsRefused() {
		assertThatExceptionOfType(InvalidManifestException.class).isThrownBy(() -> KubernetesSchema.validate(yaml("""
				apiVersion: monitoring.coreos.com/v1
				kind: ServiceMonitor
				metadata:
				  name: broken
				spec:
				  selector:
				    matchLabels:
				      app: x
				  endpoints:
				    - port: management
				      pathh: /actuator/prometheus
				"""))).withMessageContaining("unknown field(s) [pathh] in .spec.endpoints[0]");
	}

	@Test
	void aServiceMonitorWithoutSelectorIsRefused() {
		assertThatExceptionOfType(InvalidManifestException.class).isThrownBy(() -> KubernetesSchema.validate(yaml("""
				apiVersion: monitoring.coreos.com/v1
				kind: ServiceMonitor
				metadata:
				  name: broken
				spec:
				  endpoints:
				    - port: management
				"""))).withMessageContaining("spec.selector is required");
	}

	@Test
	void aPodMonitorWithAMisspelledFieldOrWithoutSelectorIsRefused() {
		assertThatExceptionOfType(InvalidManifestException.class).isThrownBy(() -> KubernetesSchema.validate(yaml("""
				apiVersion: monitoring.coreos.com/v1
				kind: PodMonitor
				metadata:
				  name: broken
				spec:
				  selector:
				    matchLabels:
				      app: x
				  podMetricsEndpoints:
				    - port: metrics
				      intervall: 30s
				"""))).withMessageContaining("unknown field(s) [intervall] in .spec.podMetricsEndpoints[0]");
		assertThatExceptionOfType(InvalidManifestException.class).isThrownBy(() -> KubernetesSchema.validate(yaml("""
				apiVersion: monitoring.coreos.com/v1
				kind: PodMonitor
				metadata:
				  name: broken
				spec:
				  podMetricsEndpoints:
				    - port: metrics
				"""))).withMessageContaining("spec.selector is required");
	}

	@Test
	void aPrometheusRuleWithAWronglyTypedOrMissingFieldIsRefused() {
		assertThatExceptionOfType(InvalidManifestException.class).isThrownBy(() -> KubernetesSchema.validate(yaml("""
				apiVersion: monitoring.coreos.com/v1
				kind: PrometheusRule
				metadata:
				  name: broken
				spec:
				  groups:
				    - name: g
				      rules:
				        - alert: A
				          expr: up == 0
				          labels: [severity]
				""")));
		assertThatExceptionOfType(InvalidManifestException.class).isThrownBy(() -> KubernetesSchema.validate(yaml("""
				apiVersion: monitoring.coreos.com/v1
				kind: PrometheusRule
				metadata:
				  name: broken
				spec:
				  groups:
				    - name: g
				      rules:
				        - alert: A
				"""))).withMessageContaining("expr is required");
	}

	@Test
	void aK8ssandraClusterWithAMisspelledMissingOrMistypedFieldIsRefused() {
		String valid = """
				apiVersion: k8ssandra.io/v1alpha1
				kind: K8ssandraCluster
				metadata:
				  name: c
				spec:
				  auth: true
				  cassandra:
				    serverVersion: "5.0.6"
				    datacenters:
				      - metadata:
				          name: dc1
				        size: 3
				""";
		assertThat(KubernetesSchema.validate(yaml(valid))).isInstanceOf(K8ssandraCluster.class);
		assertThatExceptionOfType(InvalidManifestException.class)
			.isThrownBy(() -> KubernetesSchema.validate(yaml(valid.replace("auth: true", "auht: true"))))
			.withMessageContaining("auht");
		assertThatExceptionOfType(InvalidManifestException.class)
			.isThrownBy(() -> KubernetesSchema.validate(yaml(valid.replace("size: 3", "size: \"3\""))));
		assertThatExceptionOfType(InvalidManifestException.class)
			.isThrownBy(() -> KubernetesSchema.validate(yaml(valid.replace("    serverVersion: \"5.0.6\"\n", ""))))
			.withMessageContaining("serverVersion");
	}

	@Test
	void aMedusaBackupScheduleWithAMisspelledOrMissingFieldIsRefused() {
		String valid = """
				apiVersion: medusa.k8ssandra.io/v1alpha1
				kind: MedusaBackupSchedule
				metadata:
				  name: s
				spec:
				  cronSchedule: "30 2 * * *"
				  backupSpec:
				    cassandraDatacenter: dc1
				    backupType: differential
				""";
		assertThat(KubernetesSchema.validate(yaml(valid))).isInstanceOf(MedusaBackupSchedule.class);
		assertThatExceptionOfType(InvalidManifestException.class)
			.isThrownBy(() -> KubernetesSchema.validate(yaml(valid.replace("cronSchedule", "schedule"))))
			.withMessageContaining("cronSchedule");
		assertThatExceptionOfType(InvalidManifestException.class)
			.isThrownBy(() -> KubernetesSchema.validate(yaml(valid.replace("    cassandraDatacenter: dc1\n", ""))))
			.withMessageContaining("cassandraDatacenter");
	}

	@Test
	void anObjectWithoutNameIsRefused() {
		assertThatExceptionOfType(InvalidManifestException.class).isThrownBy(() -> KubernetesSchema.validate(yaml("""
				apiVersion: v1
				kind: ConfigMap
				metadata:
				  labels:
				    a: b
				"""))).withMessageContaining("metadata.name is required");
	}

	private static Map<String, Object> deployment(String replicas, String container) {
		return yaml("""
				apiVersion: apps/v1
				kind: Deployment
				metadata:
				  name: broken
				spec:
				  %s
				  selector:
				    matchLabels:
				      app: x
				  template:
				    metadata:
				      labels:
				        app: x
				    spec:
				      containers:
				      - image: x:1
				        %s
				""".formatted(replicas, container));
	}

	static Map<String, Object> yaml(String text) {
		return Kustomize.parse(text).get(0);
	}

}
