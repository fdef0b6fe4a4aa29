package dev.sponge.otlp;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.exporter.internal.FailedExportException;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.AggregationTemporalitySelector;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.sponge.support.IntegrationTest;
import dev.sponge.support.Tokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real OpenTelemetry Java SDK exports gauges, a counter, an up-down counter and a
 * histogram with its OTLP/HTTP exporter (protobuf, gzip, the JDK's HTTP client) to
 * Sponge, with a bearer token from the real issuer, as an application would; the export
 * is recorded on its way to the exporter, and what Sponge reads back is exactly what the
 * SDK sent: the values recorded, at the SDK's collection time.
 */
@IntegrationTest
class OtlpSdkIntegrationTest {

	private static final AttributeKey<String> ROOM = AttributeKey.stringKey("room");

	private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");

	private final OtlpRequests otlp;

	private final int port;

	private final String tenant = Tokens.uniqueTenant();

	private final String writer = Tokens.writerReader(this.tenant);

	private SdkMeterProvider provider;

	OtlpSdkIntegrationTest(@Autowired WebTestClient client, @LocalServerPort int port) {
		this.otlp = new OtlpRequests(client);
		this.port = port;
	}

	@AfterEach
	void shutDown() {
		if (this.provider != null) {
			this.provider.shutdown().join(10, TimeUnit.SECONDS);
		}
	}

	@Test
	void whatTheSdkExportsIsWhatSpongeReadsBack() {
		Recording recording = sdk(AggregationTemporalitySelector.alwaysCumulative());
		Meter meter = this.provider.get("dev.sponge.test");
		meter.gaugeBuilder("room.temperature").setUnit("Cel").buildWithCallback((gauge) -> {
			gauge.record(21.5, Attributes.of(ROOM, "lab"));
			gauge.record(-3.25, Attributes.of(ROOM, "cold/store"));
		});
		meter.gaugeBuilder("process.threads").ofLongs().buildWithCallback((gauge) -> gauge.record(17));
		LongCounter jobs = meter.counterBuilder("jobs.processed").build();
		jobs.add(5, Attributes.of(ROUTE, "/jobs"));
		jobs.add(3, Attributes.of(ROUTE, "/jobs"));
		jobs.add(1, Attributes.of(ROUTE, "/other"));
		LongUpDownCounter queue = meter.upDownCounterBuilder("queue.size").build();
		queue.add(10);
		queue.add(-3);
		DoubleHistogram duration = meter.histogramBuilder("http.server.request.duration")
			.setUnit("s")
			.setExplicitBucketBoundariesAdvice(List.of(0.1, 0.5, 1.0))
			.build();
		for (double value : new double[] { 0.05, 0.3, 0.7, 0.75, 2.0 }) {
			duration.record(value, Attributes.of(ROUTE, "/jobs"));
		}

		long ts = recording.export(this.provider);

		Map<String, String> service = Map.of("service.name", "checkout", "service.instance.id", "pod-7");
		assertThat(this.otlp.series(this.writer, "room.temperature", ts)).isEqualTo(Map.of(with(service, "room", "lab"),
				List.of(List.of(ts, 21.5)), with(service, "room", "cold/store"), List.of(List.of(ts, -3.25))));
		assertThat(this.otlp.series(this.writer, "process.threads", ts))
			.isEqualTo(Map.of(service, List.of(List.of(ts, 17.0))));
		assertThat(this.otlp.series(this.writer, "jobs.processed", ts))
			.isEqualTo(Map.of(with(service, "http.route", "/jobs"), List.of(List.of(ts, 8.0)),
					with(service, "http.route", "/other"), List.of(List.of(ts, 1.0))));
		assertThat(this.otlp.series(this.writer, "queue.size", ts))
			.isEqualTo(Map.of(service, List.of(List.of(ts, 7.0))));
		Map<String, String> jobsRoute = with(service, "http.route", "/jobs");
		assertThat(this.otlp.series(this.writer, "http.server.request.duration_bucket", ts))
			.isEqualTo(Map.of(with(jobsRoute, "le", "0.1"), List.of(List.of(ts, 1.0)), with(jobsRoute, "le", "0.5"),
					List.of(List.of(ts, 2.0)), with(jobsRoute, "le", "1"), List.of(List.of(ts, 4.0)),
					with(jobsRoute, "le", "+Inf"), List.of(List.of(ts, 5.0))));
		assertThat(this.otlp.series(this.writer, "http.server.request.duration_count", ts))
			.isEqualTo(Map.of(jobsRoute, List.of(List.of(ts, 5.0))));
		assertThat(this.otlp.series(this.writer, "http.server.request.duration_sum", ts))
			.isEqualTo(Map.of(jobsRoute, List.of(List.of(ts, 0.05 + 0.3 + 0.7 + 0.75 + 2.0))));
		assertThat(this.otlp.metricNames(this.writer)).containsExactlyInAnyOrder("room.temperature", "process.threads",
				"jobs.processed", "queue.size", "http.server.request.duration_bucket",
				"http.server.request.duration_count", "http.server.request.duration_sum");
	}

	@Test
	void deltaTemporalityIsStoredAsTheDeltasTaggedDelta() {
		Recording recording = sdk(AggregationTemporalitySelector.deltaPreferred());
		LongCounter jobs = this.provider.get("dev.sponge.test").counterBuilder("jobs.processed").build();
		jobs.add(5);
		long first = recording.export(this.provider);
		jobs.add(2);
		long second = recording.export(this.provider);

		assertThat(this.otlp.series(this.writer, "jobs.processed", first)).isEqualTo(
				Map.of(Map.of("service.name", "checkout", "service.instance.id", "pod-7", "otel.temporality", "delta"),
						List.of(List.of(first, 5.0), List.of(second, 2.0))));
	}

	/** An SDK exporting to Sponge over OTLP/HTTP, each export recorded. */
	private Recording sdk(AggregationTemporalitySelector temporality) {
		MetricExporter exporter = OtlpHttpMetricExporter.builder()
			.setEndpoint("http://127.0.0.1:" + this.port + "/api/otlp/v1/metrics")
			.addHeader("Authorization", "Bearer " + this.writer)
			.setCompression("gzip")
			// A busy CI machine may take longer than the default 10 s to write, and may
			// answer
			// 503 for longer than the default retries (5 attempts, 1 s to 5 s apart)
			// wait.
			.setTimeout(Duration.ofSeconds(30))
			.setRetryPolicy(RetryPolicy.builder()
				.setInitialBackoff(Duration.ofSeconds(2))
				.setMaxBackoff(Duration.ofSeconds(10))
				.setBackoffMultiplier(2)
				.build())
			.setAggregationTemporalitySelector(temporality)
			.build();
		Recording recording = new Recording(exporter);
		this.provider = SdkMeterProvider.builder()
			.setResource(Resource.getDefault()
				.merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "checkout",
						AttributeKey.stringKey("service.instance.id"), "pod-7", AttributeKey.stringKey("host.name"),
						"node-1"))))
			// Exports only when the test flushes.
			.registerMetricReader(PeriodicMetricReader.builder(recording).setInterval(Duration.ofHours(1)).build())
			.build();
		return recording;
	}

	private static Map<String, String> with(Map<String, String> tags, String... more) {
		Map<String, String> all = new java.util.HashMap<>(tags);
		for (int i = 0; i < more.length; i += 2) {
			all.put(more[i], more[i + 1]);
		}
		return Map.copyOf(all);
	}

	/** The SDK's OTLP exporter, remembering what it was given to export. */
	private static final class Recording implements MetricExporter {

		private final MetricExporter exporter;

		/** Written by the SDK's export thread, read by the test's. */
		private final List<MetricData> exported = new CopyOnWriteArrayList<>();

		/** The exporter's result of the latest export, which carries why it failed. */
		private volatile CompletableResultCode lastResult;

		Recording(MetricExporter exporter) {
			this.exporter = exporter;
		}

		/**
		 * Collects and exports now, and waits for Sponge's answer.
		 * @return the collection time of the export, epoch milliseconds
		 */
		long export(SdkMeterProvider provider) {
			this.exported.clear();
			this.lastResult = null;
			CompletableResultCode flushed = provider.forceFlush().join(180, TimeUnit.SECONDS);
			CompletableResultCode result = this.lastResult;
			assertThat(flushed.isSuccess())
				.as("the OTLP export succeeded (%s)", (result != null) ? why(result) : "nothing exported")
				.isTrue();
			List<Long> times = this.exported.stream()
				.flatMap((metric) -> metric.getData().getPoints().stream())
				.map((point) -> point.getEpochNanos() / 1_000_000)
				.distinct()
				.toList();
			assertThat(times).hasSize(1);
			return times.get(0);
		}

		/** The HTTP status the exporter gave up on, or the exception it failed with. */
		private static String why(CompletableResultCode result) {
			if (result.getFailureThrowable() instanceof FailedExportException.HttpExportException failed
					&& failed.failedWithResponse()) {
				return "HTTP " + failed.getResponse().statusCode() + " " + failed.getResponse().statusMessage();
			}
			return String.valueOf(result.getFailureThrowable());
		}

		@Override
		public CompletableResultCode export(Collection<MetricData> metrics) {
			this.exported.addAll(metrics);
			CompletableResultCode result = this.exporter.export(metrics);
			this.lastResult = result;
			return result;
		}

		@Override
		public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
			return this.exporter.getAggregationTemporality(instrumentType);
		}

		@Override
		public CompletableResultCode flush() {
			return this.exporter.flush();
		}

		@Override
		public CompletableResultCode shutdown() {
			return this.exporter.shutdown();
		}

	}

}
