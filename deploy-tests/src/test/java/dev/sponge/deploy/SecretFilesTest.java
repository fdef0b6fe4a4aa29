package dev.sponge.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1EnvVarSource;
import io.kubernetes.client.openapi.models.V1SecretKeySelector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Secrets are files of whole-Secret volumes, named by the service's properties, never
 * environment variables or subPath mounts.
 */
class SecretFilesTest {

	static final List<String> OVERLAYS = Rendered.OVERLAYS;

	private static final String PROD = "k8s/overlays/prod";

	@ParameterizedTest
	@FieldSource("OVERLAYS")
	void secretsAreMountedAsFilesThatTheServiceReads(String overlay) {
		Rendered rendered = Rendered.of(overlay);
		assertThat(SecretFiles.check(rendered, ApiConfiguration.of(rendered))).isEmpty();
	}

	@Test
	void aSecretInAnEnvironmentVariableOrASubPathMountIsRefused() {
		Rendered rendered = Rendered.copyOf(PROD);
		var api = Rendered.container(rendered.deployment("sponge-api"), "api");
		api.addEnvItem(new V1EnvVar().name("SPRING_CASSANDRA_PASSWORD")
			.valueFrom(new V1EnvVarSource()
				.secretKeyRef(new V1SecretKeySelector().name("sponge-cassandra").key("password"))));
		Rendered.container(rendered.deployment("sponge-edge"), "lighttpd")
			.getVolumeMounts()
			.stream()
			.filter((m) -> m.getName().equals("tls"))
			.forEach((m) -> m.setSubPath("tls.crt"));
		assertThat(SecretFiles.check(rendered, ApiConfiguration.of(rendered))).containsExactly(
				"sponge-api/api: SPRING_CASSANDRA_PASSWORD comes from Secret sponge-cassandra; mount it as a file",
				"sponge-edge/lighttpd: mounts Secret volume tls with subPath tls.crt, which a rotated Secret never updates");
	}

	@Test
	void aPropertyThatNamesNoMountedSecretFileOrASecretInTheConfigMapIsRefused() {
		Rendered rendered = Rendered.copyOf(PROD);
		Map<String, String> files = new LinkedHashMap<>(ApiConfiguration.of(rendered).files());
		files.put("application.yaml",
				files.get("application.yaml")
					.replace("/etc/sponge-secrets/cassandra/password", "/etc/sponge-secrets/cassandra/pasword")
					.replace("signing-key-file: /etc/sponge-secrets/paging/signing-key",
							"signing-key: a-key-pasted-into-the-config-map-0123456789"));
		assertThat(SecretFiles.check(rendered, new ApiConfiguration(files))).containsExactly(
				"sponge.cassandra.credentials.password-file is /etc/sponge-secrets/cassandra/pasword, not key password of a mounted Secret sponge-cassandra",
				"sponge.paging.signing-key-file is null, not key signing-key of a mounted Secret sponge-paging",
				"sponge.paging.signing-key is set in the ConfigMap; the secret belongs in a mounted Secret");
	}

}
