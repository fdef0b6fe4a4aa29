package dev.sponge.otlp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.UnknownFieldSet;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.sponge.support.Tokens;
import dev.sponge.support.IntegrationTest;

import static dev.sponge.otlp.OtlpRequests.JSON;
import static dev.sponge.otlp.OtlpRequests.PROTOBUF;
import static dev.sponge.otlp.OtlpRequests.gzip;
import static dev.sponge.otlp.OtlpRequests.number;
import static dev.sponge.otlp.OtlpRequests.request;
import static dev.sponge.otlp.OtlpRequests.statusMessage;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a broken or hostile sender gets from {@code POST /api/otlp/v1/metrics}: a 4xx
 * problem naming what was wrong (400, which OTLP exporters never retry, for bad data; 413
 * over a size limit), never a 5xx, and nothing of the request written, even where most of
 * it was fine.
 */
@IntegrationTest
class OtlpHostileInputIntegrationTest {

	private static final long DAY = 1764028800000L;

	private final OtlpRequests otlp;

	private final String writer = Tokens.writerReader(Tokens.uniqueTenant());

	OtlpHostileInputIntegrationTest(@Autowired WebTestClient client) {
		this.otlp = new OtlpRequests(client);
	}

	@Test
	void badDataIsRefusedWith400NamingWhatWasWrongAndNothingIsWritten() {
		byte[] valid = request(List.of(), good(), good()).toByteArray();
		Map<String, Bad> cases = new LinkedHashMap<>();
		cases.put("not protobuf", new Bad(PROTOBUF, null, new byte[] { (byte) 0xff, (byte) 0xff, (byte) 0xff },
				"not a valid protobuf ExportMetricsServiceRequest"));
		cases.put("truncated protobuf",
				new Bad(PROTOBUF, null, Arrays.copyOf(valid, valid.length - 3), "not a valid protobuf"));
		cases.put("resourceMetrics as a varint", new Bad(PROTOBUF, null,
				ExportMetricsServiceRequest.newBuilder()
					.setUnknownFields(UnknownFieldSet.newBuilder()
						.addField(1, UnknownFieldSet.Field.newBuilder().addVarint(5).build())
						.build())
					.build()
					.toByteArray(),
				"field 1 of opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest has the wrong wire type"));
		cases.put("a value as a fixed32",
				new Bad(PROTOBUF, null,
						request(List.of(), good(), Metric
							.newBuilder()
							.setName("m")
							.setGauge(
									Gauge.newBuilder()
										.addDataPoints(NumberDataPoint
											.newBuilder()
											.setTimeUnixNano(DAY * 1_000_000)
											.setUnknownFields(UnknownFieldSet
												.newBuilder()
												.addField(4, UnknownFieldSet.Field.newBuilder().addFixed32(1).build())
												.build()))))
							.toByteArray(),
						"metrics[1].gauge.dataPoints[0]: field 4 of opentelemetry.proto.metrics.v1.NumberDataPoint has the wrong wire type"));
		cases.put("corrupt gzip", new Bad(PROTOBUF, "gzip", corrupt(gzip(valid)), "not valid gzip data"));
		byte[] gzipped = gzip(valid);
		cases.put("truncated gzip",
				new Bad(PROTOBUF, "gzip", Arrays.copyOf(gzipped, gzipped.length - 12), "not valid gzip data"));
		cases.put("not gzip at all", new Bad(PROTOBUF, "gzip", valid, "not valid gzip data"));
		cases.put("invalid JSON", new Bad(JSON, null, "{\"resourceMetrics\": [".getBytes(StandardCharsets.UTF_8),
				"not a valid OTLP JSON ExportMetricsServiceRequest"));
		cases.put("JSON of the wrong types",
				new Bad(JSON, null, "{\"resourceMetrics\": {\"scopeMetrics\": 7}}".getBytes(StandardCharsets.UTF_8),
						"not a valid OTLP JSON"));
		cases.put("empty metric name",
				bad(Metric.newBuilder().setName("").setGauge(Gauge.newBuilder().addDataPoints(number(DAY, 1))),
						"metrics[1]: metric name is empty"));
		cases.put("invalid metric name",
				bad(Metric.newBuilder().setName("9 lives").setGauge(Gauge.newBuilder().addDataPoints(number(DAY, 1))),
						"metric name \"9 lives\" must match"));
		cases.put("invalid attribute key", bad(
				Metric.newBuilder().setName("m").setGauge(Gauge.newBuilder().addDataPoints(number(DAY, 1, "a b", "x"))),
				"attribute key \"a b\""));
		cases.put("duplicate attribute",
				bad(Metric.newBuilder()
					.setName("m")
					.setGauge(Gauge.newBuilder().addDataPoints(number(DAY, 1, "k", "x", "k", "y"))),
						"attribute \"k\" appears twice"));
		cases.put("attribute value over 256 bytes",
				bad(Metric.newBuilder()
					.setName("m")
					.setGauge(Gauge.newBuilder().addDataPoints(number(DAY, 1, "k", "x".repeat(257)))),
						"at most 256 bytes"));
		String[] many = new String[2 * 10_000];
		for (int i = 0; i < 10_000; i++) {
			many[2 * i] = "a%05d".formatted(i);
			many[2 * i + 1] = "v";
		}
		cases.put("huge attribute set",
				bad(Metric.newBuilder().setName("m").setGauge(Gauge.newBuilder().addDataPoints(number(DAY, 1, many))),
						"more than 32 attributes (sponge.series.max-tags)"));
		cases.put("le on a histogram",
				bad(histogram(HistogramDataPoint.newBuilder()
					.setTimeUnixNano(DAY * 1_000_000)
					.addAllAttributes(OtlpRequests.attributes("le", "1"))),
						"attribute key \"le\" is a tag Sponge sets"));
		cases.put("bucket counts not matching the bounds",
				bad(histogram(HistogramDataPoint.newBuilder()
					.setTimeUnixNano(DAY * 1_000_000)
					.addAllExplicitBounds(List.of(1.0, 2.0))
					.addAllBucketCounts(List.of(1L, 2L))), "2 bucket counts for 2 explicit bounds"));
		cases.put("unordered bounds",
				bad(histogram(HistogramDataPoint.newBuilder()
					.setTimeUnixNano(DAY * 1_000_000)
					.addAllExplicitBounds(List.of(2.0, 1.0))
					.addAllBucketCounts(List.of(1L, 2L, 3L))), "strictly increasing"));
		cases.put("timestamp 0",
				bad(Metric.newBuilder()
					.setName("m")
					.setGauge(Gauge.newBuilder().addDataPoints(NumberDataPoint.newBuilder().setAsDouble(1))),
						"metrics[1].gauge.dataPoints[0]: timeUnixNano 0 is outside the accepted window"));

		// Answered as OTLP asks: a google.rpc.Status in the request's encoding, whose
		// message is what an exporter logs.
		cases.forEach((name, bad) -> this.otlp.post(this.writer, bad.contentType(), bad.encoding(), bad.body())
			.expectStatus()
			.value((status) -> assertThat(status).as(name).isEqualTo(400))
			.expectHeader()
			.contentType(bad.contentType())
			.expectBody(byte[].class)
			.value((status) -> assertThat(statusMessage(bad.contentType(), status)).as(name)
				.contains(bad.detail())
				.endsWith("nothing of the request was written")));
		assertThat(this.otlp.metricNames(this.writer)).isEmpty();
	}

	@Test
	void aGzipBombIs413AsSoonAsItPassesTheDecompressedLimit() {
		// 64 MB of zeros compress to about 64 KB; they decompress past
		// sponge.ingest.otlp.max-decompressed-size (32MB).
		byte[] bomb = gzip(new byte[64 * 1024 * 1024]);
		assertThat(bomb.length).isLessThan(1024 * 1024);
		this.otlp.post(this.writer, PROTOBUF, "gzip", bomb)
			.expectStatus()
			.isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
			.expectHeader()
			.contentType(PROTOBUF)
			.expectBody(byte[].class)
			.value((status) -> assertThat(statusMessage(PROTOBUF, status))
				.contains("decompresses to more than 33554432 bytes")
				.contains("sponge.ingest.otlp.max-decompressed-size"));
		assertThat(this.otlp.metricNames(this.writer)).isEmpty();
	}

	@Test
	void aBodyOverTheSizeLimitIs413() {
		this.otlp.post(this.writer, PROTOBUF, null, new byte[9 * 1024 * 1024])
			.expectStatus()
			.isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
			.expectBody(byte[].class)
			.value((status) -> assertThat(statusMessage(PROTOBUF, status))
				.contains("sponge.ingest.otlp.max-body-size"));
		assertThat(this.otlp.metricNames(this.writer)).isEmpty();
	}

	private static Metric.Builder good() {
		return Metric.newBuilder()
			.setName("fine")
			.setGauge(Gauge.newBuilder().addDataPoints(number(DAY, 1, "job", "a")));
	}

	private static Metric.Builder histogram(HistogramDataPoint.Builder point) {
		return Metric.newBuilder()
			.setName("h")
			.setHistogram(Histogram.newBuilder()
				.setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
				.addDataPoints(point));
	}

	/** A request of a good metric and then {@code bad}, in protobuf. */
	private static Bad bad(Metric.Builder bad, String detail) {
		return new Bad(PROTOBUF, null, request(List.of(), good(), bad).toByteArray(), detail);
	}

	private static byte[] corrupt(byte[] gzip) {
		byte[] corrupt = gzip.clone();
		for (int i = 10; i < corrupt.length - 8; i++) {
			corrupt[i] = (byte) 0xff;
		}
		return corrupt;
	}

	private record Bad(String contentType, String encoding, byte[] body, String detail) {
	}

}
