package dev.sponge.edge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.datastax.oss.driver.api.core.CqlSession;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import dev.sponge.points.TimeBuckets;
import dev.sponge.series.SeriesKey;
import dev.sponge.support.Api;
import dev.sponge.support.Tokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Body and header limits at the edge, and NDJSON uploads that stream past the JSON limit.
 */
@EdgeTest
class EdgeLimitsTest {

	private static final long DAY = 1764028800000L;

	/**
	 * The service's sponge.ingest.max-json-body-size, and the edge's limit for JSON
	 * bodies.
	 */
	private static final int JSON_LIMIT = 16 * 1024 * 1024;

	private final LighttpdProcess edge;

	private final CqlSession session;

	private final ClientAddressRecorder recorder;

	private final String tenant = Tokens.uniqueTenant();

	EdgeLimitsTest(@LocalServerPort int servicePort, @Autowired CqlSession session,
			@Autowired ClientAddressRecorder recorder) {
		this.edge = LighttpdProcess.sharedFor(servicePort);
		this.session = session;
		this.recorder = recorder;
	}

	@Test
	void anNdjsonUploadLargerThanTheJsonLimitStreamsThroughTheEdgeAsItIsSent() {
		int lines = 20;
		int pointsPerLine = 50;
		// The rest of the body is sent only once the service has stored the first line:
		// were
		// lighttpd buffering the body, the first line would never arrive and the test
		// would fail.
		Flux<DataBuffer> body = Flux.concat(Mono.fromSupplier(() -> line(0, pointsPerLine)),
				Mono.<DataBuffer>fromRunnable(this::awaitFirstLineStored).subscribeOn(Schedulers.boundedElastic()),
				Flux.range(1, lines - 1).map((line) -> line(line, pointsPerLine)));

		WebTestClient.bindToServer()
			.baseUrl(this.edge.url())
			.responseTimeout(Duration.ofMinutes(2))
			.build()
			.post()
			.uri("/api/v1/points")
			.headers(Api.bearer(Tokens.writerReader(this.tenant)))
			.contentType(MediaType.parseMediaType("application/x-ndjson"))
			.body(BodyInserters.fromDataBuffers(body))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.json("{\"series\": %d, \"points\": %d}".formatted(lines, lines * pointsPerLine));
	}

	@Test
	void aJsonBodyOverTheLimitIsRefusedAtTheEdgeBeforeItIsSent() throws IOException {
		String probe = UUID.randomUUID().toString();
		String answer = Http.raw(this.edge.port(),
				"POST /api/v1/points HTTP/1.1\r\nHost: 127.0.0.1\r\n"
						+ "Content-Type: application/json\r\nContent-Length: " + (JSON_LIMIT + 1024 * 1024) + "\r\n"
						+ ClientAddressRecorder.PROBE + ": " + probe);
		assertThat(answer).startsWith("HTTP/1.1 413 ");
		assertThat(this.recorder.seen(probe)).isEmpty();
	}

	@Test
	void oversizedHeadersAreRefusedAtTheEdge() throws IOException {
		String probe = UUID.randomUUID().toString();
		String answer = Http.raw(this.edge.port(), "GET /api/v1/metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n"
				+ ClientAddressRecorder.PROBE + ": " + probe + "\r\nX-Padding: " + "x".repeat(20_000));
		assertThat(answer).matches("HTTP/1\\.[01] 431 (?s).*");
		assertThat(this.recorder.seen(probe)).isEmpty();
	}

	private void awaitFirstLineStored() {
		String firstSeries = SeriesKey.of("big", Map.of("line", "0")).id();
		Awaitility.await("the first NDJSON line stored while the rest is not yet sent")
			.atMost(Duration.ofSeconds(30))
			.until(() -> this.session
				.execute("SELECT count(*) FROM points WHERE tenant = ? AND series_id = ? AND day = ?", this.tenant,
						firstSeries, TimeBuckets.dayOf(DAY))
				.one()
				.getLong(0) > 0);
	}

	/** One NDJSON line of about 900 KB: a few points and a lot of JSON whitespace. */
	private static DataBuffer line(int line, int points) {
		StringBuilder json = new StringBuilder(920_000).append("{\"metric\": \"big\", \"tags\": {\"line\": \"")
			.append(line)
			.append("\"}, \"points\": [");
		for (int i = 0; i < points; i++) {
			json.append(i == 0 ? "" : ",")
				.append('[')
				.append(DAY + line * 100_000L + i * 1000L)
				.append(',')
				.append(i)
				.append(']');
		}
		json.append(']').append(" ".repeat(900_000)).append("}\n");
		return DefaultDataBufferFactory.sharedInstance.wrap(json.toString().getBytes(StandardCharsets.UTF_8));
	}

}
