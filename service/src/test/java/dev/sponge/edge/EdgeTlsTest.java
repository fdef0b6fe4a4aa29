package dev.sponge.edge;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * TLS at the edge with a throwaway self-signed certificate: modern protocols, HTTP/2,
 * HSTS, and https seen by the service.
 */
@EdgeTest
class EdgeTlsTest {

	private final LighttpdProcess edge;

	private final ClientAddressRecorder recorder;

	EdgeTlsTest(@LocalServerPort int servicePort, @Autowired ClientAddressRecorder recorder) {
		this.edge = LighttpdProcess.sharedFor(servicePort);
		this.recorder = recorder;
	}

	@Test
	void aClientTrustingTheCertificateGetsTls13AndHttp2AndTheServiceSeesHttps() throws Exception {
		String probe = UUID.randomUUID().toString();
		HttpResponse<String> response = get(null, "/actuator/health/readiness", probe);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
		assertThat(response.sslSession().map(SSLSession::getProtocol)).hasValue("TLSv1.3");
		assertThat(response.headers().firstValue("Strict-Transport-Security"))
			.hasValueSatisfying((hsts) -> assertThat(hsts).startsWith("max-age=31536000"));
		assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
		assertThat(this.recorder.seen(probe)).hasValueSatisfying((seen) -> {
			assertThat(seen.scheme()).isEqualTo("https");
			assertThat(seen.address()).isEqualTo("127.0.0.1");
		});
	}

	@Test
	void tls12IsStillAcceptedButOnlyWithForwardSecrecy() throws Exception {
		HttpResponse<String> response = get("TLSv1.2", "/actuator/health/liveness", UUID.randomUUID().toString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.sslSession()).hasValueSatisfying((session) -> {
			assertThat(session.getProtocol()).isEqualTo("TLSv1.2");
			assertThat(session.getCipherSuite()).startsWith("TLS_ECDHE_").contains("_GCM_");
		});
	}

	@Test
	void aClientThatDoesNotTrustTheCertificateIsRefusedTheHandshake() {
		HttpClient untrusting = HttpClient.newHttpClient();
		HttpRequest request = HttpRequest.newBuilder(URI.create(tlsUrl("/actuator/health/liveness"))).build();
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> untrusting.send(request, HttpResponse.BodyHandlers.ofString()))
			.withMessageContaining("PKIX");
	}

	private HttpResponse<String> get(String protocol, String path, String probe)
			throws IOException, InterruptedException {
		HttpClient.Builder client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_2)
			.sslContext(this.edge.certificate().clientContext());
		if (protocol != null) {
			SSLParameters parameters = new SSLParameters();
			parameters.setProtocols(new String[] { protocol });
			client.sslParameters(parameters);
		}
		return client.build()
			.send(HttpRequest.newBuilder(URI.create(tlsUrl(path))).header(ClientAddressRecorder.PROBE, probe).build(),
					HttpResponse.BodyHandlers.ofString());
	}

	private String tlsUrl(String path) {
		return "https://127.0.0.1:" + this.edge.tlsPort() + path;
	}

}
