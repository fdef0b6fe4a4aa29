package dev.sponge.stream;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import io.micrometer.core.instrument.MeterRegistry;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriBuilder;

import dev.sponge.SpongeApplication;
import dev.sponge.paging.CursorCodec;
import dev.sponge.support.IntegrationTest;
import dev.sponge.support.NettyLeakCheck;
import dev.sponge.support.RealInfrastructure;
import dev.sponge.support.Tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The live stream across two instances sharing one real Cassandra node: instance A is the
 * shared test application, instance B a second application context on its own port (with
 * a short heartbeat, and pages of two log rows so that its streams cross page
 * boundaries).
 */
@IntegrationTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StreamIntegrationTest {

	private static final long DAY = 1764028800000L;

	private static ConfigurableApplicationContext instanceB;

	private final int portA;

	private final CursorCodec cursors;

	private final Clock clock;

	StreamIntegrationTest(@LocalServerPort int portA, @Autowired CursorCodec cursors, @Autowired Clock clock) {
		this.portA = portA;
		this.cursors = cursors;
		this.clock = clock;
	}

	@BeforeAll
	static void startSecondInstance() {
		instanceB = start("--sponge.stream.heartbeat=2s", "--sponge.stream.page-rows=2");
	}

	@AfterAll
	static void stopSecondInstance() {
		instanceB.close();
	}

	@Test
	void pointsWrittenThroughOneInstanceReachAStreamOnAnother() {
		String tenant = Tokens.uniqueTenant();
		String token = Tokens.writerReader(tenant);
		try (SseClient stream = SseClient.open(portOf(instanceB), token, null, metric("room.temperature"))) {
			ingest(this.portA, token, "room.temperature", Map.of("site", "lab"), List.of(List.of(DAY + 1000, 21.5)));

			stream.awaitValue(21.5);
			assertThat(stream.points()).singleElement().satisfies((point) -> {
				assertThat(point).containsOnlyKeys("id", "metric", "tags", "ts", "value");
				assertThat(point.get("id")).asString().hasSize(22);
				assertThat(point.get("metric")).isEqualTo("room.temperature");
				assertThat(point.get("tags")).isEqualTo(Map.of("site", "lab"));
				assertThat(((Number) point.get("ts")).longValue()).isEqualTo(DAY + 1000);
			});
			assertThat(stream.pointIds()).singleElement().asString().isNotBlank();
		}
	}

	@Test
	void resumingWithLastEventIdDeliversWhatWasWrittenMeanwhileExactlyOnceAndInOrder() {
		String tenant = Tokens.uniqueTenant();
		String token = Tokens.writerReader(tenant);
		String lastId;
		try (SseClient first = SseClient.open(this.portA, token, null, metric("resume"))) {
			ingest(this.portA, token, List.of(series("resume", Map.of("s", "a"), points(1, 3, 1)),
					series("resume", Map.of("s", "b"), points(11, 2, 11))));
			first.awaitValue(3);
			first.awaitValue(12);
			assertThat(values(first)).containsExactly(1.0, 2.0, 3.0, 11.0, 12.0);
			lastId = first.pointIds().get(4);
		}
		// Written while no one listens: 1100 points of one series span two log rows.
		ingest(this.portA, token, List.of(series("resume", Map.of("s", "a"), points(1000, 1100, 100))));
		ingest(this.portA, token, List.of(series("resume", Map.of("s", "b"), points(13, 2, 13))));

		List<Double> expected = new ArrayList<>();
		for (int i = 0; i < 1100; i++) {
			expected.add(1000.0 + i);
		}
		expected.addAll(List.of(13.0, 14.0, -1.0));
		try (SseClient resumed = SseClient.open(portOf(instanceB), token, lastId, metric("resume"))) {
			ingest(this.portA, token, List.of(series("resume", Map.of("s", "c"), points(-1, 1, 100_000))));
			resumed.awaitValue(-1);
			assertThat(values(resumed)).containsExactlyElementsOf(expected);
		}
	}

	@Test
	void resumingFromAnEventInTheMiddleOfAWriteDeliversTheRestOfIt() {
		String tenant = Tokens.uniqueTenant();
		String token = Tokens.writerReader(tenant);
		String secondId;
		try (SseClient first = SseClient.open(this.portA, token, null, metric("middle"))) {
			ingest(this.portA, token, List.of(series("middle", Map.of(), points(1, 4, 1))));
			first.awaitValue(4);
			secondId = first.pointIds().get(1);
		}
		try (SseClient resumed = SseClient.open(portOf(instanceB), token, secondId, metric("middle"))) {
			resumed.awaitValue(4);
			ingest(this.portA, token, List.of(series("middle", Map.of(), points(-1, 1, 100_000))));
			resumed.awaitValue(-1);
			assertThat(values(resumed)).containsExactly(3.0, 4.0, -1.0);
		}
	}

	@Test
	void resumingInTheMiddleOfARowOfSeveralSeriesDeliversTheRestOfItsMatchingSeries() {
		String tenant = Tokens.uniqueTenant();
		String token = Tokens.writerReader(tenant);
		Consumer<UriBuilder> labOnly = (q) -> q.queryParam("metric", "rooms").queryParam("tag", "site:lab");
		String secondId;
		// One request, one log row: a, b (another site) and c, two points each.
		try (SseClient first = SseClient.open(this.portA, token, null, labOnly)) {
			ingest(this.portA, token,
					List.of(series("rooms", Map.of("site", "lab", "room", "a"), points(1, 2, 1)),
							series("rooms", Map.of("site", "office", "room", "b"), points(11, 2, 1)),
							series("rooms", Map.of("site", "lab", "room", "c"), points(21, 2, 1))));
			first.awaitValue(22);
			assertThat(values(first)).containsExactly(1.0, 2.0, 21.0, 22.0);
			secondId = first.pointIds().get(1);
		}
		try (SseClient resumed = SseClient.open(portOf(instanceB), token, secondId, labOnly)) {
			ingest(this.portA, token, List.of(series("rooms", Map.of("site", "lab", "room", "a"), points(-1, 1, 100))));
			resumed.awaitValue(-1);
			assertThat(values(resumed)).containsExactly(21.0, 22.0, -1.0);
		}
	}

	@Test
	void aRowWrittenByThePreviousSchemaVersionIsStreamed(@Autowired CqlSession session) {
		String tenant = Tokens.uniqueTenant();
		String token = Tokens.writerReader(tenant);
		try (SseClient stream = SseClient.open(this.portA, token, null, metric("legacy"))) {
			// As version 3 wrote it: one series in series_id, tags and points, no
			// entries.
			UUID arrival = Uuids.timeBased();
			session.execute(SimpleStatement.newInstance(
					"INSERT INTO stream_log (tenant, metric, bucket, arrival, series_id, tags, points) "
							+ "VALUES (?, ?, ?, ?, ?, ?, ?) USING TTL 3900",
					tenant, "legacy", LogRow.bucketOf(arrival), arrival, "legacy-series-id", Map.of("host", "old"),
					LogRow.pack(new long[] { DAY + 1, DAY + 2 }, new double[] { 7.5, 8.5 }, 0, 2)));
			ingest(this.portA, token, "legacy", Map.of("host", "new"), points(9.5, 1, 3));

			stream.awaitValue(9.5);
			assertThat(values(stream)).containsExactly(7.5, 8.5, 9.5);
			assertThat(stream.points().get(0)).containsEntry("id", "legacy-series-id")
				.containsEntry("tags", Map.of("host", "old"));
		}
	}

	@Test
	void onlySeriesMatchingEveryTagFilterAreStreamed() {
		String tenant = Tokens.uniqueTenant();
		String token = Tokens.writerReader(tenant);
		try (SseClient stream = SseClient.open(this.portA, token, null,
				(q) -> q.queryParam("metric", "env")
					.queryParam("tag", "site:lab|office")
					.queryParam("tag", "room:*"))) {
			ingest(this.portA, token,
					List.of(series("env", Map.of("site", "lab", "room", "1"), points(1, 1, 1)),
							series("env", Map.of("site", "office", "room", "2"), points(2, 1, 1)),
							series("env", Map.of("site", "lab"), points(3, 1, 1)),
							series("env", Map.of("site", "garage", "room", "3"), points(4, 1, 1)),
							series("other", Map.of("site", "lab", "room", "1"), points(5, 1, 1))));
			ingest(this.portA, token, List.of(series("env", Map.of("site", "office", "room", "9"), points(99, 1, 1))));

			stream.awaitValue(99);
			assertThat(values(stream)).containsExactly(1.0, 2.0, 99.0);
		}
	}

	@Test
	void aTenantNeverSeesAnotherTenantsPointsNorResumesItsStream() {
		String tenantA = Tokens.uniqueTenant();
		String tokenA = Tokens.writerReader(tenantA);
		String tokenB = Tokens.writerReader(Tokens.uniqueTenant());
		try (SseClient streamA = SseClient.open(this.portA, tokenA, null, metric("shared"));
				SseClient streamB = SseClient.open(portOf(instanceB), tokenB, null, metric("shared"))) {
			ingest(this.portA, tokenA, List.of(series("shared", Map.of(), points(7, 1, 1))));
			ingest(this.portA, tokenB, List.of(series("shared", Map.of(), points(8, 1, 1))));

			streamA.awaitValue(7);
			streamB.awaitValue(8);
			assertThat(values(streamB)).containsExactly(8.0);

			ResponseEntity<String> foreign = request(this.portA, tokenB, streamA.pointIds().get(0), metric("shared"));
			assertThat(foreign.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
			assertThat(foreign.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
			assertThat(foreign.getBody()).contains("Last-Event-ID does not belong to this stream");
		}
	}

	@Test
	void aTenantBeyondItsStreamCapGets429WithRetryAfterWhileOtherTenantsStillConnect() {
		String token = Tokens.writerReader(Tokens.uniqueTenant());
		List<SseClient> open = new ArrayList<>();
		try {
			for (int i = 0; i < 10; i++) {
				open.add(SseClient.open(this.portA, token, null, metric("capped")));
			}
			ResponseEntity<String> refused = request(this.portA, token, null, metric("capped"));
			assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
			assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
			assertThat(refused.getHeaders().getFirst("Retry-After")).isEqualTo("5");
			assertThat(refused.getBody()).contains("urn:sponge:problem:limit:live-streams")
				.contains("\"value\":10")
				.contains("\"inUse\":10");

			try (SseClient other = SseClient.open(this.portA, Tokens.writerReader(Tokens.uniqueTenant()), null,
					metric("capped"))) {
				assertThat(other.error).isNull();
			}
			open.remove(0).close();
			await().atMost(Duration.ofSeconds(30))
				.until(() -> request(this.portA, token, null, metric("capped")).getStatusCode() == HttpStatus.OK);
		}
		finally {
			open.forEach(SseClient::close);
		}
	}

	@Test
	void anIdleStreamGetsHeartbeatsCarryingAResumableId() {
		String token = Tokens.writerReader(Tokens.uniqueTenant());
		try (SseClient stream = SseClient.open(portOf(instanceB), token, null, metric("idle"))) {
			await().atMost(Duration.ofSeconds(30))
				.until(() -> stream.events.stream().anyMatch((e) -> "heartbeat".equals(SseClient.comment(e))));
			assertThat(instanceB.getBean(MeterRegistry.class).get("sponge.streams.open").gauge().value())
				.isGreaterThanOrEqualTo(1);
			String heartbeatId = stream.events.stream()
				.filter((e) -> "heartbeat".equals(SseClient.comment(e)))
				.findFirst()
				.orElseThrow()
				.id();
			assertThat(heartbeatId).isNotBlank();
			try (SseClient resumed = SseClient.open(this.portA, token, heartbeatId, metric("idle"))) {
				assertThat(resumed.error).isNull();
			}
		}
	}

	@Test
	void aBadOrExpiredResumeIdOrAMissingMetricIsRefusedWithAProblem() {
		String tenant = Tokens.uniqueTenant();
		String token = Tokens.writerReader(tenant);
		ResponseEntity<String> bad = request(this.portA, token, "not-an-id", metric("m"));
		assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(bad.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(bad.getBody()).contains("Last-Event-ID does not belong to this stream");
		String expired = StreamPosition.after(this.clock.millis() - Duration.ofHours(2).toMillis())
			.encode(this.cursors, StreamQuery.of(tenant, "m", null).scope());
		ResponseEntity<String> tooOld = request(this.portA, token, expired, metric("m"));
		assertThat(tooOld.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(tooOld.getBody()).contains("older than the resume window");
		ResponseEntity<String> noMetric = request(this.portA, token, null, (q) -> {
		});
		assertThat(noMetric.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(noMetric.getBody()).contains("The metric parameter is required");
	}

	@Test
	void streamingNeedsATokenWithTheReaderRole() {
		String tenant = Tokens.uniqueTenant();
		assertThat(request(this.portA, null, null, metric("m")).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		ResponseEntity<String> writerOnly = request(this.portA, Tokens.withGroups(tenant, "sponge-writer"), null,
				metric("m"));
		assertThat(writerOnly.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(writerOnly.getBody()).contains("READER");
	}

	@Test
	void aClientThatDisconnectsWhilePointsArriveFreesItsStreamAndLeavesNoBufferBehind() {
		String token = Tokens.writerReader(Tokens.uniqueTenant());
		int portB = portOf(instanceB);
		SseClient stream = SseClient.open(portB, token, null, metric("left"));
		ingest(portB, token, "left", Map.of(), points(1, 50, 0));
		stream.awaitValue(1);

		stream.close();
		ingest(portB, token, "left", Map.of(), points(100, 50, 1000));

		// Every stream of instance B is closed by now, this one included.
		await().atMost(Duration.ofSeconds(30))
			.until(() -> instanceB.getBean(MeterRegistry.class).get("sponge.streams.open").gauge().value() == 0);
		NettyLeakCheck.assertNoLeak("a stream client disconnected");
	}

	// Last: closing an application context disposes Reactor Netty's global event loops,
	// which
	// instance B's server runs on too.
	@Test
	@Order(Integer.MAX_VALUE)
	void openStreamsEndCleanlyWithAResumeIdWhenTheInstanceShutsDown() {
		ConfigurableApplicationContext instance = start();
		String token = Tokens.writerReader(Tokens.uniqueTenant());
		SseClient stream = SseClient.openToOutliveItsInstance(portOf(instance), token, metric("shutdown"));

		instance.close();

		await().atMost(Duration.ofSeconds(30)).until(() -> stream.completed || stream.error != null);
		assertThat(stream.error).isNull();
		assertThat(stream.events).last().satisfies((event) -> {
			assertThat(SseClient.comment(event)).isEqualTo("closing");
			assertThat(event.id()).isNotBlank();
		});
	}

	private static ConfigurableApplicationContext start(String... args) {
		List<String> all = new ArrayList<>(List.of("--server.port=0"));
		all.addAll(List.of(args));
		return new SpringApplicationBuilder(SpongeApplication.class).initializers(new RealInfrastructure())
			.run(all.toArray(String[]::new));
	}

	private static int portOf(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	private static Consumer<UriBuilder> metric(String metric) {
		return (q) -> q.queryParam("metric", metric);
	}

	private static Map<String, Object> series(String metric, Map<String, String> tags, List<List<Number>> points) {
		return Map.of("metric", metric, "tags", tags, "points", points);
	}

	/**
	 * {@code count} points with values from {@code firstValue} on, one per millisecond.
	 */
	private static List<List<Number>> points(double firstValue, int count, long tsOffset) {
		List<List<Number>> points = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			points.add(List.of(DAY + tsOffset + i, firstValue + i));
		}
		return points;
	}

	private static List<Double> values(SseClient stream) {
		return stream.points().stream().map((p) -> ((Number) p.get("value")).doubleValue()).toList();
	}

	private static void ingest(int port, String token, String metric, Map<String, String> tags,
			List<List<Number>> points) {
		ingest(port, token, List.of(series(metric, tags, points)));
	}

	private static void ingest(int port, String token, List<Map<String, Object>> body) {
		ResponseEntity<String> response = WebClient.create("http://127.0.0.1:" + port)
			.post()
			.uri("/api/v1/points")
			.headers((h) -> h.setBearerAuth(token))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchangeToMono((r) -> r.toEntity(String.class))
			.block(Duration.ofSeconds(30));
		assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.OK);
	}

	/** A stream request whose answer is read as a whole: for the refusals. */
	private static ResponseEntity<String> request(int port, String token, String lastEventId,
			Consumer<UriBuilder> query) {
		return WebClient.create("http://127.0.0.1:" + port).get().uri((uri) -> {
			uri.path("/api/v1/stream");
			query.accept(uri);
			return uri.build();
		}).accept(MediaType.TEXT_EVENT_STREAM).headers((headers) -> {
			if (token != null) {
				headers.setBearerAuth(token);
			}
			if (lastEventId != null) {
				headers.set("Last-Event-ID", lastEventId);
			}
		})
			// An accepted stream never ends: keep its status and headers, drop the
			// connection.
			.exchangeToMono((r) -> r.statusCode().is2xxSuccessful()
					? r.bodyToFlux(DataBuffer.class)
						.take(1)
						.doOnNext(DataBufferUtils::release)
						.then(Mono
							.just(ResponseEntity.status(r.statusCode()).headers(r.headers().asHttpHeaders()).body("")))
					: r.toEntity(String.class))
			.block(Duration.ofSeconds(30));
	}

}
