package dev.sponge.edge;

import java.time.Duration;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.sponge.SpongeApplication;
import dev.sponge.forkedjvm.Ports;
import dev.sponge.support.RealInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two service instances behind one lighttpd: the test context's (A) and a second one (B)
 * started and stopped in this JVM on a fixed port. Which instance served a request is
 * told by each one's {@link ClientAddressRecorder}.
 */
@EdgeTest
class EdgeFailoverTest {

	private final int portA;

	private final ClientAddressRecorder recorderA;

	private final int portB = Ports.freePort();

	private ConfigurableApplicationContext instanceB;

	private LighttpdProcess edge;

	EdgeFailoverTest(@LocalServerPort int portA, @Autowired ClientAddressRecorder recorderA) {
		this.portA = portA;
		this.recorderA = recorderA;
	}

	@AfterEach
	void stop() {
		if (this.edge != null) {
			this.edge.close();
		}
		if (this.instanceB != null) {
			this.instanceB.close();
		}
	}

	@Test
	void requestsAreSpreadOverBothInstancesAndWhenOneStopsTheOtherAnswersEveryRequest() {
		this.instanceB = startInstanceB();
		this.edge = LighttpdProcess.start("127.0.0.1:" + this.portA + ",127.0.0.1:" + this.portB);
		WebTestClient client = WebTestClient.bindToServer().baseUrl(this.edge.url()).build();

		int servedByA = 0;
		for (int i = 0; i < 6; i++) {
			String probe = UUID.randomUUID().toString();
			client.get()
				.uri("/api/v1/metrics")
				.header(ClientAddressRecorder.PROBE, probe)
				.exchange()
				.expectStatus()
				.isUnauthorized()
				.expectBody()
				.jsonPath("$.status")
				.isEqualTo(401);
			servedByA += this.recorderA.seen(probe).isPresent() ? 1 : 0;
		}
		assertThat(servedByA).as("requests of 6 served by A (round robin)").isEqualTo(3);

		this.instanceB.close();
		for (int i = 0; i < 10; i++) {
			String probe = UUID.randomUUID().toString();
			client.get()
				.uri("/api/v1/metrics")
				.header(ClientAddressRecorder.PROBE, probe)
				.exchange()
				.expectStatus()
				.isUnauthorized()
				.expectBody()
				.jsonPath("$.status")
				.isEqualTo(401);
			assertThat(this.recorderA.seen(probe)).as("request %d after B stopped", i).isPresent();
		}
	}

	@Test
	void whenTheOnlyInstanceIsDownClientsGetA503AtOnceAndServiceResumesWhenItReturns() {
		this.instanceB = startInstanceB();
		this.edge = LighttpdProcess.start("127.0.0.1:" + this.portB);
		WebTestClient client = WebTestClient.bindToServer().baseUrl(this.edge.url()).build();
		client.get()
			.uri("/actuator/health/readiness")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP");

		this.instanceB.close();
		long started = System.nanoTime();
		client.get()
			.uri("/actuator/health/readiness")
			.exchange()
			.expectStatus()
			.value((status) -> assertThat(status).isIn(502, 503))
			.expectHeader()
			.valueEquals("X-Content-Type-Options", "nosniff")
			.expectBody(String.class)
			.value((page) -> assertThat(page).containsAnyOf("502", "503"));
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));

		this.instanceB = startInstanceB();
		Awaitility.await("the edge sends requests to the returned instance")
			.atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> client.get()
				.uri("/actuator/health/readiness")
				.exchange()
				.expectBody(String.class)
				.returnResult()
				.getStatus()
				.value() == 200);
	}

	private ConfigurableApplicationContext startInstanceB() {
		return new SpringApplicationBuilder(SpongeApplication.class, ClientAddressRecorder.class)
			.initializers(new RealInfrastructure())
			.run("--server.port=" + this.portB, "--sponge.edge.trusted-proxies=127.0.0.1/32");
	}

}
