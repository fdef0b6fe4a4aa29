package dev.sponge.edge;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;

import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.sponge.remotewrite.proto.v2.Request;
import dev.sponge.remotewrite.proto.v2.Sample;
import dev.sponge.remotewrite.proto.v2.TimeSeries;
import dev.sponge.support.Api;
import dev.sponge.support.Tokens;

import static dev.sponge.support.Api.series;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What reaches the service through the real lighttpd, what the edge refuses itself, and
 * what it serves.
 */
@EdgeTest
class EdgeRoutingTest {

	private static final long DAY = 1764028800000L;

	private final int servicePort;

	private final LighttpdProcess edge;

	private final WebTestClient client;

	private final Api api;

	private final String tenant = Tokens.uniqueTenant();

	EdgeRoutingTest(@LocalServerPort int servicePort) {
		this.servicePort = servicePort;
		this.edge = LighttpdProcess.sharedFor(servicePort);
		this.client = WebTestClient.bindToServer().baseUrl(this.edge.url()).build();
		this.api = new Api(this.client);
	}

	@Test
	void tokenAuthenticatedIngestAndQueryRoundTripThroughTheEdge() {
		String token = Tokens.writerReader(this.tenant);
		this.api
			.ingest(token,
					List.of(series("room.temperature", Map.of("site", "lab"),
							List.of(List.of(DAY, 21.5), List.of(DAY + 1000, 21.7)))))
			.expectStatus()
			.isOk()
			.expectBody()
			.json("{\"series\": 1, \"points\": 2}");

		this.api
			.get(token, "/api/v1/points",
					(q) -> q.queryParam("metric", "room.temperature")
						.queryParam("tag", "site:lab")
						.queryParam("from", DAY)
						.queryParam("to", DAY + 2000))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.series[0].points")
			.isEqualTo(List.of(List.of(DAY, 21.5), List.of(DAY + 1000, 21.7)));
	}

	@Test
	void aPrometheusRemoteWriteRequestPassesTheEdgeWithItsSnappyBodyAndAnswer() throws IOException {
		String token = Tokens.writerReader(this.tenant);
		Request request = Request.newBuilder()
			.addAllSymbols(List.of("", "__name__", "node_load1", "job", "node"))
			.addTimeseries(TimeSeries.newBuilder()
				.addAllLabelsRefs(List.of(1, 2, 3, 4))
				.addSamples(Sample.newBuilder().setTimestamp(DAY).setValue(0.25)))
			.build();
		this.client.post()
			.uri("/api/v1/write")
			.headers(Api.bearer(token))
			.header(HttpHeaders.CONTENT_TYPE, "application/x-protobuf;proto=io.prometheus.write.v2.Request")
			.header(HttpHeaders.CONTENT_ENCODING, "snappy")
			.bodyValue(Snappy.compress(request.toByteArray()))
			.exchange()
			.expectStatus()
			.isNoContent()
			.expectHeader()
			.valueEquals("X-Prometheus-Remote-Write-Samples-Written", "1")
			.expectBody()
			.isEmpty();

		this.api
			.get(token, "/api/v1/points",
					(q) -> q.queryParam("metric", "node_load1").queryParam("from", DAY).queryParam("to", DAY + 1))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.series[0].tags")
			.isEqualTo(Map.of("job", "node"))
			.jsonPath("$.series[0].points")
			.isEqualTo(List.of(List.of(DAY, 0.25)));
	}

	@Test
	void anOtlpExportPassesTheEdgeWithItsGzipBodyAndProtobufAnswer() throws IOException {
		String token = Tokens.writerReader(this.tenant);
		ExportMetricsServiceRequest request = ExportMetricsServiceRequest.newBuilder()
			.addResourceMetrics(ResourceMetrics.newBuilder()
				.addScopeMetrics(ScopeMetrics.newBuilder()
					.addMetrics(Metric.newBuilder()
						.setName("process.cpu.utilization")
						.setGauge(Gauge.newBuilder()
							.addDataPoints(
									NumberDataPoint.newBuilder().setTimeUnixNano(DAY * 1_000_000).setAsDouble(0.75))))))
			.build();
		ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
		try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
			gzip.write(request.toByteArray());
		}
		byte[] answer = this.client.post()
			.uri("/api/otlp/v1/metrics")
			.headers(Api.bearer(token))
			.header(HttpHeaders.CONTENT_TYPE, "application/x-protobuf")
			.header(HttpHeaders.CONTENT_ENCODING, "gzip")
			.bodyValue(gzipped.toByteArray())
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType("application/x-protobuf")
			.expectBody(byte[].class)
			.returnResult()
			.getResponseBody();
		assertThat(ExportMetricsServiceResponse.parseFrom((answer != null) ? answer : new byte[0]).hasPartialSuccess())
			.isFalse();

		this.api
			.get(token, "/api/v1/points",
					(q) -> q.queryParam("metric", "process.cpu.utilization")
						.queryParam("from", DAY)
						.queryParam("to", DAY + 1))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.series[0].points")
			.isEqualTo(List.of(List.of(DAY, 0.75)));
	}

	@Test
	void aRequestWithoutAValidTokenGetsTheServices401AndItsChallenge() {
		this.api.get(null, "/api/v1/metrics", (q) -> {
		})
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(401);
		this.api.get("not-a-jwt", "/api/v1/metrics", (q) -> {
		})
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.value(HttpHeaders.WWW_AUTHENTICATE,
					(challenge) -> assertThat(challenge).startsWith("Bearer error=\"invalid_token\""))
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(401);
	}

	@Test
	void onlyTheKubernetesProbesOfActuatorPassTheEdge() throws IOException {
		for (String probe : List.of("/actuator/health/readiness", "/actuator/health/liveness")) {
			this.client.get()
				.uri(probe)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.status")
				.isEqualTo("UP");
		}
		for (String refused : List.of("/actuator/env", "/actuator/prometheus", "/actuator/health", "/actuator/info",
				"/actuator", "/actuator/health/readiness/../../env", "/api/../actuator/prometheus", "/%61ctuator/env",
				"/api/%2e%2e/actuator/env")) {
			assertThat(Http.rawStatus(this.edge.port(), refused)).as(refused).isEqualTo(403);
		}
		// Actuator itself does answer them: the edge is what keeps them private.
		// The scrape outgrows the default 256 KiB buffer once the shared context has
		// served
		// many routes (a meter per route and status).
		WebTestClient direct = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.servicePort)
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(16 << 20))
			.build();
		direct.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((scrape) -> assertThat(scrape).contains("# TYPE"));
	}

	@Test
	void otherPathsAreStaticFilesWithCachingHeaders() {
		String etag = this.client.get()
			.uri("/")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType("text/html;charset=utf-8")
			.expectHeader()
			.valueEquals(HttpHeaders.CACHE_CONTROL, "no-cache")
			.expectBody(String.class)
			.value((page) -> assertThat(page).contains("<h1>Sponge</h1>"))
			.returnResult()
			.getResponseHeaders()
			.getETag();
		assertThat(etag).isNotBlank();
		this.client.get().uri("/").ifNoneMatch(etag).exchange().expectStatus().isNotModified().expectBody().isEmpty();
		this.client.get()
			.uri("/no/such/file.js")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody(String.class)
			.value((page) -> assertThat(page).contains("404"));
		// The OpenAPI paths belong to the service, which serves the description without a
		// token; a static lookup would have been a 404.
		this.client.get()
			.uri("/v3/api-docs")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((doc) -> assertThat(doc).contains("\"openapi\"").contains("/api/v1/points"));
	}

	@Test
	void everyAnswerCarriesTheSecurityHeadersAndNoServerVersion() {
		for (String path : List.of("/api/v1/metrics", "/", "/missing.html", "/actuator/env",
				"/actuator/health/readiness")) {
			this.client.get()
				.uri(path)
				.exchange()
				.expectHeader()
				.valueEquals("X-Content-Type-Options", "nosniff")
				.expectHeader()
				.valueEquals("X-Frame-Options", "DENY")
				.expectHeader()
				.valueEquals("Referrer-Policy", "no-referrer")
				.expectHeader()
				.value("Content-Security-Policy", (csp) -> assertThat(csp).contains("frame-ancestors 'none'"))
				.expectHeader()
				.valueEquals("Server", "lighttpd")
				.expectHeader()
				.doesNotExist("Strict-Transport-Security")
				// Only the headers matter here; the body is read and released.
				.expectBody(Void.class);
		}
	}

}
