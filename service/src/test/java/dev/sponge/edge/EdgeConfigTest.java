package dev.sponge.edge;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code lighttpd -tt} on the repository's configuration. lighttpd exits 0 even for
 * unknown keys and bad values (it only prints a warning), so any output at all fails the
 * check.
 */
class EdgeConfigTest {

	@Test
	void theConfigurationLoadsWithoutASingleWarning(@TempDir Path directory) {
		ThrowawayCertificate certificate = ThrowawayCertificate.create(directory);
		LighttpdProcess.Check check = LighttpdProcess.check(Map.of("SPONGE_EDGE_PORT", "18000", "SPONGE_UPSTREAMS",
				"127.0.0.1:8080,[::1]:8081,localhost:8082", "SPONGE_EDGE_TLS_CERT",
				certificate.certificate().toString(), "SPONGE_EDGE_TLS_KEY", certificate.privateKey().toString()));
		assertThat(check.output()).isEmpty();
		assertThat(check.exitCode()).isZero();
	}

	@Test
	void withoutTheUpstreamsLighttpdRefusesToStartAndNamesTheVariable() {
		LighttpdProcess.Check check = LighttpdProcess.check(Map.of("SPONGE_EDGE_PORT", "18000"));
		assertThat(check.exitCode()).isNotZero();
		assertThat(check.output()).contains("SPONGE_UPSTREAMS is not set");
	}

	@Test
	void withoutTheListenPortLighttpdRefusesToStartAndNamesTheVariable() {
		LighttpdProcess.Check check = LighttpdProcess.check(Map.of("SPONGE_UPSTREAMS", "127.0.0.1:8080"));
		assertThat(check.exitCode()).isNotZero();
		assertThat(check.output()).contains("SPONGE_EDGE_PORT is not set");
	}

	@Test
	void aValueThatWouldRewriteTheConfigurationIsRefused() {
		LighttpdProcess.Check upstream = LighttpdProcess
			.check(Map.of("SPONGE_EDGE_PORT", "18000", "SPONGE_UPSTREAMS", "127.0.0.1:8080\" ) ) server.port = (\"1"));
		assertThat(upstream.exitCode()).isNotZero();
		assertThat(upstream.output()).contains("is not host:port");
		LighttpdProcess.Check docroot = LighttpdProcess.check(Map.of("SPONGE_EDGE_PORT", "18000", "SPONGE_UPSTREAMS",
				"127.0.0.1:8080", "SPONGE_EDGE_DOCROOT", "/srv\" server.port = \"1"));
		assertThat(docroot.exitCode()).isNotZero();
		assertThat(docroot.output()).contains("SPONGE_EDGE_DOCROOT must be a plain non-empty value");
	}

	@Test
	void aMetricsLogPathThatWouldNotSurviveTheLogPipesCommandLineIsRefused() {
		LighttpdProcess.Check spaced = LighttpdProcess.check(Map.of("SPONGE_EDGE_PORT", "18000", "SPONGE_UPSTREAMS",
				"127.0.0.1:8080", "SPONGE_EDGE_METRICS_LOG", "/var/log/edge; rm -rf ~"));
		assertThat(spaced.exitCode()).isNotZero();
		assertThat(spaced.output()).contains(
				"SPONGE_EDGE_METRICS_LOG must be a path of letters, digits and . _ / - only, got '/var/log/edge; rm -rf ~'");
		LighttpdProcess.Check relative = LighttpdProcess.check(Map.of("SPONGE_EDGE_PORT", "18000", "SPONGE_UPSTREAMS",
				"127.0.0.1:8080", "SPONGE_EDGE_METRICS_LOG", "access.log"));
		assertThat(relative.exitCode()).isNotZero();
		assertThat(relative.output()).contains("SPONGE_EDGE_METRICS_LOG must be an absolute path, got 'access.log'");
	}

	@Test
	void aDeadlineThatIsNotAWholeNumberOfSecondsIsRefused() {
		LighttpdProcess.Check check = LighttpdProcess.check(Map.of("SPONGE_EDGE_PORT", "18000", "SPONGE_UPSTREAMS",
				"127.0.0.1:8080", "SPONGE_EDGE_HEAD_IDLE_SECONDS", "10s"));
		assertThat(check.exitCode()).isNotZero();
		assertThat(check.output())
			.contains("SPONGE_EDGE_HEAD_IDLE_SECONDS must be a number of seconds from 1 to 65535, got '10s'");
	}

}
