package dev.sponge.otlp;

import java.util.List;
import java.util.Map;

import com.google.protobuf.InvalidProtocolBufferException;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.sponge.support.Api;
import dev.sponge.support.IntegrationTest;
import dev.sponge.support.Tokens;

import static dev.sponge.otlp.OtlpRequests.JSON;
import static dev.sponge.otlp.OtlpRequests.PROTOBUF;
import static dev.sponge.otlp.OtlpRequests.attributes;
import static dev.sponge.otlp.OtlpRequests.gzip;
import static dev.sponge.otlp.OtlpRequests.number;
import static dev.sponge.otlp.OtlpRequests.request;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * OTLP/HTTP metrics requests, encoded as an exporter encodes them (protobuf, JSON, gzip),
 * written through {@code POST /api/otlp/v1/metrics} and read back exactly through
 * Sponge's own query API, with the real Cassandra node and tokens from the real issuer.
 */
@IntegrationTest
class OtlpIntegrationTest {

	private static final long DAY = 1764028800000L;

	private final OtlpRequests otlp;

	private final WebTestClient client;

	private final MeterRegistry registry;

	private final String tenant = Tokens.uniqueTenant();

	private final String writer = Tokens.writerReader(this.tenant);

	OtlpIntegrationTest(@Autowired WebTestClient client, @Autowired MeterRegistry registry) {
		this.client = client;
		this.otlp = new OtlpRequests(client);
		this.registry = registry;
	}

	@Test
	void gaugesSumsAndHistogramsInProtobufAreStoredAsPrometheusNamedSeriesAndReadBackExactly()
			throws InvalidProtocolBufferException {
		var request = request(
				List.of("service.name", "checkout", "service.instance.id", "pod-1", "host.name", "node-7",
						"process.pid", "4242"),
				Metric.newBuilder()
					.setName("system.memory.usage")
					.setUnit("By")
					.setGauge(Gauge.newBuilder()
						.addDataPoints(NumberDataPoint.newBuilder()
							.setTimeUnixNano(DAY * 1_000_000 + 999_999)
							.setAsInt(1_073_741_824)
							.addAllAttributes(attributes("state", "used")))
						.addDataPoints(number(DAY, 0.125, "state", "free"))),
				Metric.newBuilder()
					.setName("http.server.requests")
					.setSum(Sum.newBuilder()
						.setIsMonotonic(true)
						.setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
						.addDataPoints(number(DAY, 10, "http.route", "/a?b=ü"))
						.addDataPoints(number(DAY + 1000, 12, "http.route", "/a?b=ü"))
						.addDataPoints(number(DAY + 1000, 3, "http.route", "/b")
							.addAttributes(KeyValue.newBuilder()
								.setKey("http.response.status_code")
								.setValue(AnyValue.newBuilder().setIntValue(200)))
							.addAttributes(KeyValue.newBuilder()
								.setKey("tags")
								.setValue(AnyValue.newBuilder()
									.setArrayValue(ArrayValue.newBuilder()
										.addValues(AnyValue.newBuilder().setStringValue("a\"b"))
										.addValues(AnyValue.newBuilder().setBoolValue(true))
										.addValues(AnyValue.newBuilder().setDoubleValue(2.5))))))),
				Metric.newBuilder()
					.setName("queue/depth")
					.setSum(Sum.newBuilder()
						.setIsMonotonic(false)
						.setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
						.addDataPoints(number(DAY, -4))),
				Metric.newBuilder()
					.setName("jobs.done")
					.setSum(Sum.newBuilder()
						.setIsMonotonic(true)
						.setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
						.addDataPoints(number(DAY, 5))
						.addDataPoints(number(DAY + 1000, 7))),
				Metric.newBuilder()
					.setName("http.server.request.duration")
					.setUnit("s")
					.setHistogram(Histogram.newBuilder()
						.setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
						.addDataPoints(HistogramDataPoint.newBuilder()
							.setTimeUnixNano(DAY * 1_000_000)
							.addAllAttributes(attributes("http.route", "/b"))
							.setCount(6)
							.setSum(3.75)
							.addAllExplicitBounds(List.of(0.005, 1.0, 2.5))
							.addAllBucketCounts(List.of(1L, 2L, 0L, 3L)))));

		byte[] answer = this.otlp.protobuf(this.writer, request)
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType(PROTOBUF)
			.expectBody(byte[].class)
			.returnResult()
			.getResponseBody();
		// Everything stored: no partial success at all (an empty message).
		assertThat(ExportMetricsServiceResponse.parseFrom((answer != null) ? answer : new byte[0]))
			.isEqualTo(ExportMetricsServiceResponse.getDefaultInstance());

		// Only the allowed resource attributes; the timestamp in milliseconds.
		Map<String, String> service = Map.of("service.name", "checkout", "service.instance.id", "pod-1");
		assertThat(this.otlp.series(this.writer, "system.memory.usage", DAY))
			.isEqualTo(Map.of(with(service, "state", "used"), List.of(List.of(DAY, 1_073_741_824.0)),
					with(service, "state", "free"), List.of(List.of(DAY, 0.125))));
		assertThat(this.otlp.series(this.writer, "http.server.requests", DAY))
			.isEqualTo(Map.of(with(service, "http.route", "/a?b=ü"),
					List.of(List.of(DAY, 10.0), List.of(DAY + 1000, 12.0)), with(service, "http.route", "/b",
							"http.response.status_code", "200", "tags", "[\"a\\\"b\",true,2.5]"),
					List.of(List.of(DAY + 1000, 3.0))));
		assertThat(this.otlp.series(this.writer, "queue:depth", DAY))
			.isEqualTo(Map.of(service, List.of(List.of(DAY, -4.0))));
		assertThat(this.otlp.series(this.writer, "jobs.done", DAY)).isEqualTo(Map
			.of(with(service, "otel.temporality", "delta"), List.of(List.of(DAY, 5.0), List.of(DAY + 1000, 7.0))));
		Map<String, String> route = with(service, "http.route", "/b");
		assertThat(this.otlp.series(this.writer, "http.server.request.duration_bucket", DAY))
			.isEqualTo(Map.of(with(route, "le", "0.005"), List.of(List.of(DAY, 1.0)), with(route, "le", "1"),
					List.of(List.of(DAY, 3.0)), with(route, "le", "2.5"), List.of(List.of(DAY, 3.0)),
					with(route, "le", "+Inf"), List.of(List.of(DAY, 6.0))));
		assertThat(this.otlp.series(this.writer, "http.server.request.duration_count", DAY))
			.isEqualTo(Map.of(route, List.of(List.of(DAY, 6.0))));
		assertThat(this.otlp.series(this.writer, "http.server.request.duration_sum", DAY))
			.isEqualTo(Map.of(route, List.of(List.of(DAY, 3.75))));
		assertThat(this.otlp.metricNames(this.writer)).containsExactlyInAnyOrder("system.memory.usage",
				"http.server.requests", "queue:depth", "jobs.done", "http.server.request.duration_bucket",
				"http.server.request.duration_count", "http.server.request.duration_sum");
	}

	@Test
	void otlpJsonWithIntegersAsStringsAndEnumsAsNumbersIsAnsweredInJson() {
		String json = """
				{"resourceMetrics": [{
				  "resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "shop"}}]},
				  "scopeMetrics": [{
				    "scope": {"name": "manual"},
				    "metrics": [
				      {"name": "orders", "unit": "1", "sum": {
				        "aggregationTemporality": 2, "isMonotonic": true,
				        "dataPoints": [{"timeUnixNano": "%d", "asInt": "42",
				          "attributes": [{"key": "region", "value": {"stringValue": "eu"}}]}]}},
				      {"name": "latency", "histogram": {
				        "aggregationTemporality": 2,
				        "dataPoints": [{"timeUnixNano": "%d", "count": "3", "sum": 0.5,
				          "bucketCounts": ["1", "2"], "explicitBounds": [0.1],
				          "exemplars": [{"timeUnixNano": "%d", "asDouble": 0.05,
				            "traceId": "5b8efff798038103d269b633813fc60c", "spanId": "eee19b7ec3c1b174"}]}]}},
				      {"name": "newer", "gauge": {"dataPoints": [{"timeUnixNano": "%d", "asDouble": 1.5}]},
				        "aFieldOfANewerVersion": {"x": 1}}
				    ]}]}]}
				""".formatted(DAY * 1_000_000, DAY * 1_000_000, DAY * 1_000_000, DAY * 1_000_000);

		this.otlp.post(this.writer, JSON, null, json.getBytes(java.nio.charset.StandardCharsets.UTF_8))
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.expectBody()
			.json("{}", true);

		Map<String, String> shop = Map.of("service.name", "shop");
		assertThat(this.otlp.series(this.writer, "orders", DAY))
			.isEqualTo(Map.of(with(shop, "region", "eu"), List.of(List.of(DAY, 42.0))));
		assertThat(this.otlp.series(this.writer, "latency_bucket", DAY)).isEqualTo(Map.of(with(shop, "le", "0.1"),
				List.of(List.of(DAY, 1.0)), with(shop, "le", "+Inf"), List.of(List.of(DAY, 3.0))));
		assertThat(this.otlp.series(this.writer, "latency_count", DAY))
			.isEqualTo(Map.of(shop, List.of(List.of(DAY, 3.0))));
		assertThat(this.otlp.series(this.writer, "latency_sum", DAY))
			.isEqualTo(Map.of(shop, List.of(List.of(DAY, 0.5))));
		assertThat(this.otlp.series(this.writer, "newer", DAY)).isEqualTo(Map.of(shop, List.of(List.of(DAY, 1.5))));
	}

	@Test
	void gzipCompressedProtobufAndJsonBodiesAreDecompressed() {
		var request = request(List.of(),
				Metric.newBuilder()
					.setName("compressed")
					.setGauge(Gauge.newBuilder().addDataPoints(number(DAY, 1, "as", "protobuf"))));
		this.otlp.post(this.writer, PROTOBUF, "gzip", gzip(request.toByteArray()))
			.expectStatus()
			.isOk()
			.expectBody(byte[].class)
			.value((body) -> assertThat(body).isNullOrEmpty());
		String json = """
				{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"compressed","gauge":{"dataPoints":[
				{"timeUnixNano":"%d","asDouble":2,"attributes":[{"key":"as","value":{"stringValue":"json"}}]}]}}]}]}]}
				""".formatted(DAY * 1_000_000);
		this.otlp.post(this.writer, JSON + ";charset=utf-8", "gzip", gzip(json.getBytes()))
			.expectStatus()
			.isOk()
			.expectBody()
			.json("{}", true);

		assertThat(this.otlp.series(this.writer, "compressed", DAY)).isEqualTo(Map.of(Map.of("as", "protobuf"),
				List.of(List.of(DAY, 1.0)), Map.of("as", "json"), List.of(List.of(DAY, 2.0))));
	}

	@Test
	void dataPointsSpongeDoesNotStoreAreAPartialSuccessAndTheRestIsWritten() throws InvalidProtocolBufferException {
		double exponential = rejected("exponential-histogram");
		double nan = rejected("nan");
		var request = request(List.of(),
				Metric.newBuilder()
					.setName("kept")
					.setGauge(Gauge.newBuilder()
						.addDataPoints(number(DAY, 1))
						.addDataPoints(number(DAY + 1000, Double.NaN))
						.addDataPoints(number(DAY + 2000, Double.POSITIVE_INFINITY))
						.addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(DAY * 1_000_000 + 3_000_000_000L))),
				Metric.newBuilder()
					.setName("latency.exponential")
					.setExponentialHistogram(ExponentialHistogram.newBuilder()
						.setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
						.addDataPoints(ExponentialHistogramDataPoint.newBuilder().setTimeUnixNano(DAY * 1_000_000))
						.addDataPoints(ExponentialHistogramDataPoint.newBuilder().setTimeUnixNano(DAY * 1_000_000))),
				Metric.newBuilder()
					.setName("latency.summary")
					.setSummary(Summary.newBuilder()
						.addDataPoints(SummaryDataPoint.newBuilder().setTimeUnixNano(DAY * 1_000_000))));

		byte[] answer = this.otlp.protobuf(this.writer, request)
			.expectStatus()
			.isOk()
			.expectBody(byte[].class)
			.returnResult()
			.getResponseBody();
		var partial = ExportMetricsServiceResponse.parseFrom(answer).getPartialSuccess();
		assertThat(partial.getRejectedDataPoints()).isEqualTo(6);
		assertThat(partial.getErrorMessage()).startsWith("6 data points were not stored: ")
			.contains("2 exponential histogram data points")
			.contains("\"latency.exponential\"")
			.contains("1 summary data points")
			.contains("1 NaN values")
			.contains("1 infinite values")
			.contains("1 data points without a recorded value");
		assertThat(this.otlp.series(this.writer, "kept", DAY)).isEqualTo(Map.of(Map.of(), List.of(List.of(DAY, 1.0))));
		assertThat(this.otlp.metricNames(this.writer)).containsExactly("kept");
		assertThat(rejected("exponential-histogram") - exponential).isEqualTo(2);
		assertThat(rejected("nan") - nan).isEqualTo(1);

		// The same in JSON: the partial success with its count as a string.
		String json = """
				{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"summary","summary":{"dataPoints":[
				{"timeUnixNano":"%d","count":"1","sum":1}]}}]}]}]}
				""".formatted(DAY * 1_000_000);
		this.otlp.post(this.writer, JSON, null, json.getBytes())
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.partialSuccess.rejectedDataPoints")
			.isEqualTo("1")
			.jsonPath("$.partialSuccess.errorMessage")
			.value((String message) -> assertThat(message).contains("summary"));
	}

	@Test
	void whatIsNotOtlpIs415() {
		byte[] body = request(List.of(),
				Metric.newBuilder().setName("m").setGauge(Gauge.newBuilder().addDataPoints(number(DAY, 1))))
			.toByteArray();
		Map<String, String[]> cases = Map.of("text", new String[] { "text/plain", null, "Content-Type 'text/plain'" },
				"no content type", new String[] { null, null, "Content-Type missing" }, "snappy",
				new String[] { PROTOBUF, "snappy", "Content-Encoding 'snappy' is not supported" }, "NDJSON",
				new String[] { "application/x-ndjson", null, "Content-Type 'application/x-ndjson'" });
		cases.forEach((name, request) -> this.otlp.post(this.writer, request[0], request[1], body)
			.expectStatus()
			.value((status) -> assertThat(status).as(name).isEqualTo(415))
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).as(name).contains(request[2])));
		assertThat(this.otlp.metricNames(this.writer)).isEmpty();
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
		Gauge.Builder first = Gauge.newBuilder();
		for (int i = 0; i < 20; i++) {
			first.addDataPoints(number(DAY + i, i));
		}
		this.otlp.protobuf(this.writer, request(List.of(), Metric.newBuilder().setName("first").setGauge(first)))
			.expectStatus()
			.isOk()
			.expectBody(Void.class);

		this.otlp
			.protobuf(this.writer, request(List.of(),
					Metric.newBuilder().setName("refused").setGauge(Gauge.newBuilder().addDataPoints(number(DAY, 1)))))
			.expectStatus()
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
			.expectHeader()
			.exists(HttpHeaders.RETRY_AFTER)
			.expectHeader()
			.contentType(PROTOBUF)
			.expectBody(byte[].class)
			.value((status) -> assertThat(OtlpRequests.statusMessage(PROTOBUF, status))
				.contains("faster than its ingest rate"));
		assertThat(this.otlp.metricNames(this.writer)).containsExactly("first");
	}

	private double rejected(String reason) {
		return this.registry.get("sponge.ingest.otlp.points.rejected").tag("reason", reason).counter().count();
	}

	private static Map<String, String> with(Map<String, String> tags, String... more) {
		Map<String, String> all = new java.util.HashMap<>(tags);
		for (int i = 0; i < more.length; i += 2) {
			all.put(more[i], more[i + 1]);
		}
		return Map.copyOf(all);
	}

}
