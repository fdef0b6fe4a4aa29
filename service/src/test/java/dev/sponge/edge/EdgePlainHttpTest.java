package dev.sponge.edge;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plain HTTP as Kubernetes has it ({@code SPONGE_EDGE_PLAIN_HTTP=redirect}, through a
 * lighttpd of its own): every request is redirected to the same host and path over https,
 * and never reaches the service; only {@code /server-status}, for the exporter beside the
 * edge, stays on plain HTTP. Behind a load balancer that terminates TLS, and in local
 * mode, plain HTTP is served ({@code serve}, as the other edge tests run it).
 */
@EdgeTest
class EdgePlainHttpTest {

	private final int servicePort;

	private final ClientAddressRecorder recorder;

	private LighttpdProcess redirecting;

	EdgePlainHttpTest(@LocalServerPort int servicePort, @Autowired ClientAddressRecorder recorder) {
		this.servicePort = servicePort;
		this.recorder = recorder;
	}

	@BeforeEach
	void startEdge() {
		this.redirecting = LighttpdProcess.start("127.0.0.1:" + this.servicePort,
				Map.of("SPONGE_EDGE_PLAIN_HTTP", "redirect"));
	}

	@AfterEach
	void stopEdge() {
		this.redirecting.close();
	}

	@Test
	void aRequestOverPlainHttpIsRedirectedToTheSameHostAndPathOverHttpsWithoutReachingTheService() throws IOException {
		String probe = UUID.randomUUID().toString();
		String answer = Http.raw(this.redirecting.port(),
				"GET /api/v1/points?metric=cpu&from=1 HTTP/1.1\r\nHost: sponge.example.com\r\nAuthorization: Bearer x\r\n"
						+ ClientAddressRecorder.PROBE + ": " + probe);

		assertThat(answer).startsWith("HTTP/1.1 308 ")
			.contains("\r\nLocation: https://sponge.example.com/api/v1/points?metric=cpu&from=1\r\n");
		assertThat(this.recorder.seen(probe)).isEmpty();
	}

	@Test
	void aPostIsRedirectedWith308SoThatItStaysAPostAndThePortOfThePlainListenerIsDropped() throws IOException {
		String answer = Http.raw(this.redirecting.port(), "POST /api/v1/points HTTP/1.1\r\nHost: sponge.example.com:"
				+ this.redirecting.port() + "\r\nContent-Type: application/json\r\nContent-Length: 0");

		assertThat(answer).startsWith("HTTP/1.1 308 ")
			.contains("\r\nLocation: https://sponge.example.com/api/v1/points\r\n");
	}

	@Test
	void serverStatusStaysOnPlainHttpForTheExporterOnLoopback() throws IOException {
		assertThat(Http.rawStatus(this.redirecting.port(), "/server-status?auto")).isEqualTo(200);
	}

	@Test
	void httpsIsServed() throws IOException, InterruptedException {
		HttpResponse<String> response = HttpClient.newBuilder()
			.sslContext(this.redirecting.certificate().clientContext())
			.build()
			.send(HttpRequest
				.newBuilder(URI.create("https://127.0.0.1:" + this.redirecting.tlsPort() + "/actuator/health/liveness"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
	}

	@Test
	void whenTheSwitchSaysServePlainHttpReachesTheService() throws IOException {
		LighttpdProcess serving = LighttpdProcess.sharedFor(this.servicePort);
		String probe = UUID.randomUUID().toString();
		String answer = Http.raw(serving.port(), "GET /api/v1/metrics HTTP/1.1\r\nHost: sponge.example.com\r\n"
				+ ClientAddressRecorder.PROBE + ": " + probe);

		assertThat(answer).startsWith("HTTP/1.1 401 ");
		assertThat(this.recorder.seen(probe)).hasValueSatisfying((seen) -> assertThat(seen.scheme()).isEqualTo("http"));
	}

}
