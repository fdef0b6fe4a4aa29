package dev.sponge.api;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import com.datastax.oss.driver.api.core.CqlSession;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import dev.sponge.points.TimeBuckets;
import dev.sponge.series.SeriesKey;
import dev.sponge.support.Api;
import dev.sponge.support.IntegrationTest;
import dev.sponge.support.Tokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Streamed NDJSON ingest: constant memory for any size, and a precise stop at a bad line.
 */
@IntegrationTest
class NdjsonIngestIntegrationTest {

	private static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");

	private static final long DAY = 1764028800000L;

	private final WebTestClient client;

	private final CqlSession session;

	private final String tenant = Tokens.uniqueTenant();

	private final String token = Tokens.writerReader(this.tenant);

	NdjsonIngestIntegrationTest(@Autowired WebTestClient client, @Autowired CqlSession session) {
		this.client = client;
		this.session = session;
	}

	@Test
	void aMillionPointsStreamInAndAreAllStored() {
		int lines = 200;
		int pointsPerLine = 5000;
		Flux<DataBuffer> body = Flux.range(0, lines).map((line) -> buffer(line(line, pointsPerLine)));

		long started = System.nanoTime();
		this.client.mutate()
			.responseTimeout(Duration.ofMinutes(5))
			.build()
			.post()
			.uri("/api/v1/points")
			.headers(Api.bearer(this.token))
			.contentType(NDJSON)
			.body(BodyInserters.fromDataBuffers(body))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.series")
			.isEqualTo(lines)
			.jsonPath("$.points")
			.isEqualTo(lines * pointsPerLine);
		LoggerFactory.getLogger(getClass())
			.info("NDJSON upload of {} points took {} ms", lines * pointsPerLine,
					(System.nanoTime() - started) / 1_000_000);

		long stored = 0;
		for (int line = 0; line < lines; line++) {
			String id = SeriesKey.of("bulk", Map.of("line", Integer.toString(line))).id();
			stored += this.session
				.execute("SELECT count(*) FROM points WHERE tenant = ? AND series_id = ? AND day = ?", this.tenant, id,
						TimeBuckets.dayOf(DAY))
				.one()
				.getLong(0);
		}
		assertThat(stored).isEqualTo((long) lines * pointsPerLine);
	}

	@Test
	void aBadLineStopsTheStreamAndTheAnswerSaysWhereAndWhatWasWritten() {
		String body = line(0, 10) + "\n" + line(1, 5) + "\n\n" + "{\"metric\": \"bulk\", \"points\": [[" + DAY
				+ ", \"x\"]]}\n" + line(3, 7) + "\n";
		this.client.post()
			.uri("/api/v1/points")
			.headers(Api.bearer(this.token))
			.contentType(NDJSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).startsWith("line 4: ")
				.contains("stopped at line 4")
				.contains("15 points of the lines before it were written"))
			.jsonPath("$.errors[0].field")
			.isEqualTo("line 4: points[0][1]");

		new Api(this.client).get(this.token, "/api/v1/series", (q) -> q.queryParam("metric", "bulk"))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.series[*].tags.line")
			.value((java.util.List<String> written) -> assertThat(written).containsExactlyInAnyOrder("0", "1"));
	}

	@Test
	void aLineLongerThanTheLimitIsRefusedWithItsNumber() {
		String huge = "{\"metric\": \"bulk\", \"tags\": {\"pad\": \"x\"}, \"points\": ["
				+ "[1764028800000, 1],".repeat(60_000) + "[1764028800000, 1]]}";
		this.client.post()
			.uri("/api/v1/points")
			.headers(Api.bearer(this.token))
			.contentType(NDJSON)
			.bodyValue(line(0, 1) + "\n" + huge + "\n")
			.exchange()
			.expectStatus()
			.isEqualTo(413)
			.expectBody()
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("line 2 is longer than 1048576 bytes")
				.contains("1 points of the lines before it were written"));
	}

	private static String line(int line, int points) {
		StringBuilder json = new StringBuilder(points * 24).append("{\"metric\": \"bulk\", \"tags\": {\"line\": \"")
			.append(line)
			.append("\"}, \"points\": [");
		for (int i = 0; i < points; i++) {
			json.append(i == 0 ? "" : ",").append('[').append(DAY + i * 1000L).append(',').append(i * 0.25).append(']');
		}
		return json.append("]}").toString();
	}

	private static DataBuffer buffer(String line) {
		return DefaultDataBufferFactory.sharedInstance.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
	}

}
