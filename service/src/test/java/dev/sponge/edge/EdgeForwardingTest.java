package dev.sponge.edge;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.sponge.edge.ClientAddressRecorder.Seen;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client's address and scheme reach the service through lighttpd, and nobody can
 * choose them: not a client of the edge, and not a peer that talks to the service
 * directly. The test client connects from 127.0.0.2, lighttpd from 127.0.0.1 (the only
 * trusted proxy here).
 */
@EdgeTest
class EdgeForwardingTest {

	private static final String CLIENT = "127.0.0.2";

	private final LighttpdProcess edge;

	private final int servicePort;

	private final ClientAddressRecorder recorder;

	EdgeForwardingTest(@LocalServerPort int servicePort, @Autowired ClientAddressRecorder recorder) {
		this.edge = LighttpdProcess.sharedFor(servicePort);
		this.servicePort = servicePort;
		this.recorder = recorder;
	}

	@Test
	void throughTheEdgeTheServiceSeesTheClientsAddressAndScheme() {
		String probe = UUID.randomUUID().toString();
		Http.from(CLIENT, this.edge.url())
			.get()
			.uri("/api/v1/metrics")
			.header(ClientAddressRecorder.PROBE, probe)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(401);
		assertThat(this.recorder.seen(probe)).hasValue(new Seen(CLIENT, "http", "127.0.0.1"));
	}

	@Test
	void aClientOfTheEdgeCannotChooseTheAddressOrSchemeTheServiceSees() {
		String probe = UUID.randomUUID().toString();
		Http.from(CLIENT, this.edge.url())
			.get()
			.uri("/api/v1/metrics")
			.header(ClientAddressRecorder.PROBE, probe)
			.header("X-Forwarded-For", "203.0.113.9")
			.header("X-Forwarded-Proto", "https")
			.header("X-Forwarded-Host", "evil.example")
			.header("Forwarded", "for=203.0.113.9;proto=https;host=evil.example")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(401);
		assertThat(this.recorder.seen(probe)).hasValue(new Seen(CLIENT, "http", "127.0.0.1"));
	}

	@Test
	void aPeerThatIsNotATrustedProxyCannotChooseItsAddressTalkingToTheServiceDirectly() {
		String probe = UUID.randomUUID().toString();
		Http.from(CLIENT, "http://127.0.0.1:" + this.servicePort)
			.get()
			.uri("/api/v1/metrics")
			.header(ClientAddressRecorder.PROBE, probe)
			.header("X-Forwarded-For", "203.0.113.9")
			.header("X-Forwarded-Proto", "https")
			.header("Forwarded", "for=203.0.113.9;proto=https")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(401);
		assertThat(this.recorder.seen(probe)).hasValue(new Seen(CLIENT, "http", "127.0.0.1"));
	}

}
