package dev.sponge.edge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import dev.sponge.forkedjvm.Ports;
import dev.sponge.support.RealInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Server-Sent Events through lighttpd from a small streaming upstream (the service's own
 * stream endpoint comes later): events reach the client while the upstream is still
 * sending, and a stream in flight survives a graceful stop (SIGINT) but not SIGTERM. The
 * upstream sends its first event, then waits for the test to say the client has it before
 * sending the rest.
 */
class EdgeStreamingTest {

	private final CompletableFuture<Void> clientHasFirstEvent = new CompletableFuture<>();

	private final AtomicBoolean upstreamFinished = new AtomicBoolean();

	private DisposableServer upstream;

	private LighttpdProcess edge;

	@BeforeAll
	static void watchForBlockingCalls() {
		// Before this class's Reactor threads start, or they would break the later Spring
		// tests.
		RealInfrastructure.installBlockHound();
	}

	@BeforeEach
	void startUpstreamAndEdge() {
		LighttpdProcess.requireInstalled();
		this.upstream = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.route((routes) -> routes.get("/api/v1/stream", (request, response) -> response
				.header("Content-Type", "text/event-stream")
				.sendString(Flux.concat(Mono.just("data: first\n\n"),
						Mono.fromFuture(this.clientHasFirstEvent).timeout(Duration.ofSeconds(20)).then(Mono.empty()),
						Flux.just("data: second\n\n", "data: third " + "x".repeat(2000) + "\n\n"))
					.doOnComplete(() -> this.upstreamFinished.set(true)))))
			.bindNow();
		this.edge = LighttpdProcess.start("127.0.0.1:" + this.upstream.port());
	}

	@AfterEach
	void stop() {
		this.clientHasFirstEvent.complete(null);
		if (this.edge != null) {
			this.edge.close();
		}
		if (this.upstream != null) {
			this.upstream.disposeNow();
		}
	}

	@Test
	void eventsReachTheClientWhileTheUpstreamIsStillSendingAndAreNotCompressed() throws Exception {
		HttpResponse<Stream<String>> response = openStream();
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/event-stream"));
		assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();

		Iterator<String> lines = response.body().iterator();
		assertThat(lines.next()).isEqualTo("data: first");
		assertThat(this.upstreamFinished).as("upstream finished before the client saw the first event").isFalse();
		this.clientHasFirstEvent.complete(null);
		assertThat(rest(lines)).containsExactly("", "data: second", "", "data: third " + "x".repeat(2000), "");
	}

	@Test
	void onSigintLighttpdStopsAcceptingAndLetsAStreamInFlightFinish() throws Exception {
		Iterator<String> lines = openStream().body().iterator();
		assertThat(lines.next()).isEqualTo("data: first");

		this.edge.interrupt();
		Awaitility.await("listening socket closed")
			.atMost(Duration.ofSeconds(5))
			.until(() -> !Ports.isOpen("127.0.0.1", this.edge.port()));
		assertThat(this.edge.isAlive()).as("lighttpd drains instead of exiting").isTrue();

		this.clientHasFirstEvent.complete(null);
		assertThat(rest(lines)).contains("data: second");
		Awaitility.await("lighttpd exits once drained").atMost(Duration.ofSeconds(5)).until(() -> !this.edge.isAlive());
		assertThat(this.edge.process().exitValue()).isZero();
	}

	@Test
	void onSigtermLighttpdExitsAtOnceAndCutsAStreamInFlight() throws Exception {
		Iterator<String> lines = openStream().body().iterator();
		assertThat(lines.next()).isEqualTo("data: first");

		long started = System.nanoTime();
		this.edge.close();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
		this.clientHasFirstEvent.complete(null);
		assertThat(rest(lines)).doesNotContain("data: second");
	}

	private HttpResponse<Stream<String>> openStream() throws IOException, InterruptedException {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(this.edge.url() + "/api/v1/stream"))
				.header("Accept", "text/event-stream")
				.header("Accept-Encoding", "gzip")
				.build(), HttpResponse.BodyHandlers.ofLines());
	}

	/** The remaining lines until the stream ends, cleanly or cut. */
	private static List<String> rest(Iterator<String> lines) {
		List<String> rest = new ArrayList<>();
		try {
			lines.forEachRemaining(rest::add);
		}
		catch (UncheckedIOException ex) {
			// cut off: what arrived before is the answer
		}
		return rest;
	}

}
