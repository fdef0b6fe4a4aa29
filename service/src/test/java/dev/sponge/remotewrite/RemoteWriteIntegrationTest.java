package dev.sponge.remotewrite;

import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.sponge.remotewrite.RemoteWriteRequests.V2Builder;
import dev.sponge.remotewrite.proto.v2.Exemplar;
import dev.sponge.remotewrite.proto.v2.Histogram;
import dev.sponge.support.Api;
import dev.sponge.support.IntegrationTest;
import dev.sponge.support.Tokens;

import static dev.sponge.remotewrite.RemoteWriteRequests.STALE;
import static dev.sponge.remotewrite.RemoteWriteRequests.sample;
import static dev.sponge.remotewrite.RemoteWriteRequests.sample2;
import static dev.sponge.remotewrite.RemoteWriteRequests.series;
import static dev.sponge.remotewrite.RemoteWriteRequests.v1Request;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prometheus remote-write 1.0 and 2.0 requests, encoded as a sender encodes them, written
 * through {@code POST /api/v1/write} and read back through Sponge's own query API, with
 * the real Cassandra node and tokens from the real issuer.
 */
@IntegrationTest
class RemoteWriteIntegrationTest {

	private static final long DAY = 1764028800000L;

	private final Api api;

	private final RemoteWriteRequests remoteWrite;

	private final WebTestClient client;

	private final MeterRegistry registry;

	private final String tenant = Tokens.uniqueTenant();

	private final String writer = Tokens.writerReader(this.tenant);

	RemoteWriteIntegrationTest(@Autowired WebTestClient client, @Autowired MeterRegistry registry) {
		this.client = client;
		this.api = new Api(client);
		this.remoteWrite = new RemoteWriteRequests(client);
		this.registry = registry;
	}

	@Test
	void aRemoteWrite10RequestIsStoredWithItsLabelsAndReadsBackExactly() {
		this.remoteWrite
			.v1(this.writer, v1Request(
					series("__name__", "http_requests_total", "code", "200", "instance", "host:9090", "job", "api")
						.addSamples(sample(DAY + 2000, 12))
						.addSamples(sample(DAY + 1000, 10))
						.addSamples(sample(DAY + 3000, 1e-300)),
					series("__name__", "http_requests_total", "code", "500", "instance", "host:9090", "job", "api",
							"path", "/ü?a=b&c")
						.addSamples(sample(DAY + 1000, -0.125)),
					// A recording rule's name, and a label with an empty value (no label,
					// for
					// Prometheus).
					series("__name__", ":job:http_requests:rate5m", "empty", "", "job", "api")
						.addSamples(sample(DAY + 1000, 0.5)),
					// The same series again: merged with the first.
					series("__name__", "http_requests_total", "code", "200", "instance", "host:9090", "job", "api")
						.addSamples(sample(DAY + 4000, 13))))
			.expectStatus()
			.isNoContent()
			.expectBody()
			.isEmpty();

		assertThat(points("http_requests_total")).containsExactlyInAnyOrder(
				new Series(Map.of("code", "200", "instance", "host:9090", "job", "api"),
						List.of(List.of(DAY + 1000, 10.0), List.of(DAY + 2000, 12.0), List.of(DAY + 3000, 1e-300),
								List.of(DAY + 4000, 13.0))),
				new Series(Map.of("code", "500", "instance", "host:9090", "job", "api", "path", "/ü?a=b&c"),
						List.of(List.of(DAY + 1000, -0.125))));
		assertThat(points(":job:http_requests:rate5m"))
			.containsExactly(new Series(Map.of("job", "api"), List.of(List.of(DAY + 1000, 0.5))));
	}

	@Test
	void aRemoteWrite20RequestResolvesItsSymbolsAndAnswersWhatItWrote() {
		V2Builder request = new V2Builder();
		request.add(request.series("__name__", "node_load1", "instance", "a", "job", "node")
			.addSamples(sample2(DAY + 1000, 0.25))
			.addSamples(sample2(DAY + 2000, 0.5))
			.addExemplars(Exemplar.newBuilder().setValue(1).setTimestamp(DAY + 1000)));
		request.add(request.series("__name__", "node_load1", "instance", "b", "job", "node")
			.addSamples(sample2(DAY + 1000, 7)));
		// A native histogram: not stored, and not counted as written.
		request.add(request.series("__name__", "request_seconds", "job", "node")
			.addHistograms(Histogram.newBuilder().setCountInt(3).setSum(1.5).setTimestamp(DAY + 1000)));

		this.remoteWrite.v2(this.writer, request.build())
			.expectStatus()
			.isNoContent()
			.expectHeader()
			.valueEquals(RemoteWriteController.SAMPLES_WRITTEN, "3")
			.expectHeader()
			.valueEquals(RemoteWriteController.HISTOGRAMS_WRITTEN, "0")
			.expectHeader()
			.valueEquals(RemoteWriteController.EXEMPLARS_WRITTEN, "0")
			.expectBody()
			.isEmpty();

		assertThat(points("node_load1")).containsExactlyInAnyOrder(
				new Series(Map.of("instance", "a", "job", "node"),
						List.of(List.of(DAY + 1000, 0.25), List.of(DAY + 2000, 0.5))),
				new Series(Map.of("instance", "b", "job", "node"), List.of(List.of(DAY + 1000, 7.0))));
		assertThat(this.api.metricNames(this.writer)).containsExactly("node_load1");
	}

	@Test
	void staleMarkersNaNAndInfinitiesAreDroppedAndCountedNeverRefused() {
		double stale = dropped("stale-marker");
		double nan = dropped("nan");
		double infinity = dropped("infinity");
		V2Builder request = new V2Builder();
		request.add(request.series("__name__", "up", "job", "gone")
			.addSamples(sample2(DAY + 1000, 1))
			.addSamples(sample2(DAY + 2000, STALE))
			.addSamples(sample2(DAY + 3000, Double.NaN))
			.addSamples(sample2(DAY + 4000, Double.POSITIVE_INFINITY))
			.addSamples(sample2(DAY + 5000, Double.NEGATIVE_INFINITY)));
		// A series of nothing but a stale marker: no series at all.
		request.add(request.series("__name__", "up", "job", "ended").addSamples(sample2(DAY + 1000, STALE)));

		this.remoteWrite.v2(this.writer, request.build())
			.expectStatus()
			.isNoContent()
			.expectHeader()
			.valueEquals(RemoteWriteController.SAMPLES_WRITTEN, "1")
			.expectBody()
			.isEmpty();

		assertThat(points("up")).containsExactly(new Series(Map.of("job", "gone"), List.of(List.of(DAY + 1000, 1.0))));
		assertThat(dropped("stale-marker") - stale).isEqualTo(2);
		assertThat(dropped("nan") - nan).isEqualTo(1);
		assertThat(dropped("infinity") - infinity).isEqualTo(2);
	}

	@Test
	void aTenantOverItsIngestRateGets429WithRetryAfterAndNothingOfTheRequest() {
		String admin = Tokens.withGroups(this.tenant, "sponge-admin");
		this.client.put()
			.uri("/api/v1/limits")
			.headers(Api.bearer(admin))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"ingest-points-per-second\": 1, \"ingest-burst\": 5}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Void.class);
		// More than the burst: admitted, and leaves the tenant in debt for seconds.
		var first = series("__name__", "first");
		for (int i = 0; i < 20; i++) {
			first.addSamples(sample(DAY + i, i));
		}
		this.remoteWrite.v1(this.writer, v1Request(first)).expectStatus().isNoContent().expectBody().isEmpty();

		this.remoteWrite.v1(this.writer, v1Request(series("__name__", "refused").addSamples(sample(DAY, 1))))
			.expectStatus()
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
			.expectHeader()
			.exists(HttpHeaders.RETRY_AFTER)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:sponge:problem:limit:ingest-points-per-second");
		assertThat(this.api.metricNames(this.writer)).containsExactly("first");
	}

	private double dropped(String reason) {
		return this.registry.get("sponge.ingest.samples.dropped").tag("reason", reason).counter().count();
	}

	/**
	 * Every series of {@code metric} on {@code DAY}, as tags and {@code [ts, value]}
	 * pairs.
	 */
	@SuppressWarnings("unchecked")
	private List<Series> points(String metric) {
		Map<String, Object> page = this.api.points(this.writer,
				(q) -> q.queryParam("metric", metric).queryParam("from", DAY).queryParam("to", DAY + 60_000));
		assertThat(page.get("next")).isNull();
		return ((List<Map<String, Object>>) page.get("series")).stream().map((s) -> {
			assertThat(s.get("metric")).isEqualTo(metric);
			List<List<Object>> pairs = ((List<List<Number>>) s.get("points")).stream()
				.map((p) -> List.<Object>of(p.get(0).longValue(), p.get(1).doubleValue()))
				.toList();
			return new Series((Map<String, String>) s.get("tags"), pairs);
		}).toList();
	}

	record Series(Map<String, String> tags, List<List<Object>> points) {
	}

}
