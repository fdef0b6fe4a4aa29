package dev.sponge.otlp;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import dev.sponge.ingest.IngestProperties;
import dev.sponge.points.SeriesPoints;
import dev.sponge.problem.ApiProblem;
import dev.sponge.series.SeriesProperties;

import static dev.sponge.otlp.OtlpRequests.attributes;
import static dev.sponge.otlp.OtlpRequests.number;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The resource and scope attribute allowlists as an operator sets them, and how their
 * tags meet a data point's own.
 */
class OtlpDecoderTest {

	private static final long DAY = 1764028800000L;

	@Test
	void onlyAllowedResourceAndScopeAttributesBecomeTagsAndADataPointsOwnWin() {
		OtlpDecoder decoder = decoder(List.of("deployment.environment", "service.name"), List.of("library.tier"), 32);
		ExportMetricsServiceRequest request = ExportMetricsServiceRequest.newBuilder()
			.addResourceMetrics(ResourceMetrics.newBuilder()
				.setResource(Resource.newBuilder()
					.addAllAttributes(attributes("service.name", "shop", "deployment.environment", "prod",
							"service.instance.id", "f81d4fae", "host.name", "node-3")))
				.addScopeMetrics(ScopeMetrics.newBuilder()
					.setScope(InstrumentationScope.newBuilder()
						.setName("io.opentelemetry.runtime")
						.addAllAttributes(attributes("library.tier", "core", "library.owner", "team-a")))
					.addMetrics(Metric.newBuilder()
						.setName("jvm.threads")
						.setGauge(Gauge.newBuilder()
							.addDataPoints(number(DAY, 12, "deployment.environment", "canary"))))))
			.build();

		List<SeriesPoints> series = decoder.decode(request).series();

		assertThat(series).singleElement().satisfies((points) -> {
			assertThat(points.key().metric()).isEqualTo("jvm.threads");
			assertThat(points.key().tags()).isEqualTo(new TreeMap<>(
					Map.of("service.name", "shop", "deployment.environment", "canary", "library.tier", "core")));
			assertThat(points.timestamps()).containsExactly(DAY);
			assertThat(points.values()).containsExactly(12.0);
		});
	}

	@Test
	void allowedAttributesCountTowardsTheTagLimit() {
		OtlpDecoder decoder = decoder(List.of("service.name"), List.of(), 2);
		ExportMetricsServiceRequest request = ExportMetricsServiceRequest.newBuilder()
			.addResourceMetrics(ResourceMetrics.newBuilder()
				.setResource(Resource.newBuilder().addAllAttributes(attributes("service.name", "shop")))
				.addScopeMetrics(ScopeMetrics.newBuilder()
					.addMetrics(Metric.newBuilder()
						.setName("m")
						.setGauge(Gauge.newBuilder().addDataPoints(number(DAY, 1, "a", "1", "b", "2"))))))
			.build();

		assertThatExceptionOfType(ApiProblem.class).isThrownBy(() -> decoder.decode(request))
			.withMessageContaining("resourceMetrics[0].scopeMetrics[0].metrics[0].gauge.dataPoints[0]: has more than 2 "
					+ "tags with its resource's and scope's allowed attributes (sponge.series.max-tags)");
	}

	private static OtlpDecoder decoder(List<String> resourceAttributes, List<String> scopeAttributes, int maxTags) {
		IngestProperties ingest = new IngestProperties(DataSize.ofMegabytes(16), DataSize.ofMegabytes(1), 100_000,
				Instant.parse("2000-01-01T00:00:00Z"), Duration.ofDays(1), 16, Duration.ofMillis(20), 2);
		SeriesProperties series = new SeriesProperties(maxTags, 1000, Duration.ofHours(1), Duration.ofHours(1), 1000, 4,
				100_000);
		OtlpProperties otlp = new OtlpProperties(DataSize.ofMegabytes(8), DataSize.ofMegabytes(32), resourceAttributes,
				scopeAttributes);
		return new OtlpDecoder(ingest, series, otlp,
				Clock.fixed(Instant.ofEpochMilli(DAY).plus(Duration.ofDays(1)), ZoneOffset.UTC));
	}

}
