package dev.sponge.edge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

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

	/** The edge's limit on a request's line and headers together, in bytes. */
	private static final int HEAD_LIMIT = 16 * 1024;

	private final LighttpdProcess edge;

	private final Api edgeApi;

	private final CqlSession session;

	private final ClientAddressRecorder recorder;

	private final String tenant = Tokens.uniqueTenant();

	EdgeLimitsTest(@LocalServerPort int servicePort, @Autowired CqlSession session,
			@Autowired ClientAddressRecorder recorder) {
		this.edge = LighttpdProcess.sharedFor(servicePort);
		this.edgeApi = new Api(WebTestClient.bindToServer().baseUrl(this.edge.url()).build());
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

	@Test
	void theTokenOfAUserInManyGroupsPassesTheEdge() {
		String token = Tokens.inManyGroups(this.tenant, "sponge-reader");
		this.edgeApi.get(token, "/api/v1/metrics", (q) -> {
		}).expectStatus().isOk().expectBody().jsonPath("$.metrics").isEmpty();
	}

	@Test
	void aRequestHeadAsLargeAsTheEdgeTakesIsServedWithTheForwardingHeadersAdded() throws IOException {
		String head = "GET /api/v1/metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
				+ Tokens.inManyGroups(this.tenant, "sponge-reader") + "\r\nX-Padding: ";
		// Http.raw ends the head with a blank line.
		String answer = Http.raw(this.edge.port(), head + "x".repeat(HEAD_LIMIT - head.length() - 4));

		assertThat(answer).startsWith("HTTP/1.1 200 ");
	}

	@Test
	void aTagFilterTheEdgeLengthensOnTheWayIsServed() throws IOException {
		String token = Tokens.writerReader(this.tenant);
		this.edgeApi.ingested(token, List.of(Api.series("cpu", Map.of("host", "h2345"), List.of(List.of(DAY, 1)))));
		// curl sends a | in a query as it is, and the edge forwards it as %7C: this
		// request line of 15 KB reaches the service as one of 20 KB.
		String hosts = IntStream.range(0, 2500).mapToObj((i) -> "h%04d".formatted(i)).collect(Collectors.joining("|"));
		String answer = Http.raw(this.edge.port(), "GET /api/v1/series?metric=cpu&tag=host:" + hosts
				+ " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token);

		assertThat(answer).startsWith("HTTP/1.1 200 ");
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
