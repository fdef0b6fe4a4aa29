package dev.sponge.otlp;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

import com.google.protobuf.Message;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.DataPointFlags;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;

import org.springframework.stereotype.Component;

import dev.sponge.ingest.IngestProperties;
import dev.sponge.ingest.ProtobufFields;
import dev.sponge.problem.ApiProblem;
import dev.sponge.series.SeriesKey;
import dev.sponge.series.SeriesNaming;
import dev.sponge.series.SeriesProperties;

/**
 * Turns an OTLP {@code ExportMetricsServiceRequest} into the points to write. Gauges and
 * sums are one series per metric and attribute set; an explicit-bucket histogram is
 * Prometheus' {@code <name>_bucket{le="..."}} (cumulative counts, {@code +Inf} the
 * total), {@code <name>_count} and {@code <name>_sum}. Delta sums and histograms are
 * stored as the deltas sent, tagged {@code otel.temporality=delta}. A request that breaks
 * a rule (a name or attribute Sponge cannot store, a timestamp outside the window, a
 * malformed histogram) is refused whole with a 400 naming where; data points of kinds
 * Sponge does not store are left out and reported ({@link Rejected}).
 */
@Component
class OtlpDecoder {

	/** Problem type of a body that is not an OTLP request. */
	static final String MALFORMED = "urn:sponge:problem:malformed-otlp";

	/** Problem type of a request that breaks a rule (names, attributes, timestamps). */
	static final String INVALID = "urn:sponge:problem:invalid-otlp";

	/** The tag of a delta sum's or histogram's series. */
	static final String TEMPORALITY_TAG = "otel.temporality";

	/** The bucket bound tag of a histogram's {@code _bucket} series. */
	static final String LE_TAG = "le";

	private static final Set<String> NUMBER_RESERVED = Set.of(TEMPORALITY_TAG);

	private static final Set<String> HISTOGRAM_RESERVED = Set.of(TEMPORALITY_TAG, LE_TAG);

	private final IngestProperties ingest;

	private final int maxTags;

	private final Set<String> resourceAttributes;

	private final Set<String> scopeAttributes;

	private final Clock clock;

	OtlpDecoder(IngestProperties ingest, SeriesProperties series, OtlpProperties properties, Clock clock) {
		this.ingest = ingest;
		this.maxTags = series.maxTags();
		this.resourceAttributes = Set.copyOf(properties.resourceAttributes());
		this.scopeAttributes = Set.copyOf(properties.scopeAttributes());
		this.clock = clock;
	}

	DecodedMetrics decode(ExportMetricsServiceRequest request) {
		DecodedMetrics decoded = new DecodedMetrics(this.ingest.earliestTimestamp().toEpochMilli(),
				this.clock.millis() + this.ingest.maxFuture().toMillis(), "from " + this.ingest.earliestTimestamp()
						+ " to " + this.ingest.maxFuture() + " after the server's clock",
				this.ingest.maxPointsPerRequest());
		requireKnownWireTypes(request, "the request");
		for (int r = 0; r < request.getResourceMetricsCount(); r++) {
			ResourceMetrics resource = request.getResourceMetrics(r);
			String resourceWhere = "resourceMetrics[" + r + "]";
			requireKnownWireTypes(resource, resourceWhere);
			requireKnownWireTypes(resource.getResource(), resourceWhere + ".resource");
			TreeMap<String, String> resourceTags = Attributes.allowed(resource.getResource().getAttributesList(),
					this.resourceAttributes, resourceWhere + ".resource", this.maxTags);
			for (int s = 0; s < resource.getScopeMetricsCount(); s++) {
				ScopeMetrics scope = resource.getScopeMetrics(s);
				String scopeWhere = resourceWhere + ".scopeMetrics[" + s + "]";
				requireKnownWireTypes(scope, scopeWhere);
				TreeMap<String, String> inherited = new TreeMap<>(resourceTags);
				inherited.putAll(Attributes.allowed(scope.getScope().getAttributesList(), this.scopeAttributes,
						scopeWhere + ".scope", this.maxTags));
				for (int m = 0; m < scope.getMetricsCount(); m++) {
					metric(decoded, scope.getMetrics(m), scopeWhere + ".metrics[" + m + "]", inherited);
				}
			}
		}
		return decoded;
	}

	private void metric(DecodedMetrics decoded, Metric metric, String where, TreeMap<String, String> inherited) {
		requireKnownWireTypes(metric, where);
		String name = metricName(metric.getName(), where);
		switch (metric.getDataCase()) {
			case GAUGE -> {
				requireKnownWireTypes(metric.getGauge(), where + ".gauge");
				numbers(decoded, name, metric.getGauge().getDataPointsList(), false, where + ".gauge", inherited);
			}
			case SUM -> {
				String sumWhere = where + ".sum";
				requireKnownWireTypes(metric.getSum(), sumWhere);
				List<NumberDataPoint> points = metric.getSum().getDataPointsList();
				Boolean delta = delta(metric.getSum().getAggregationTemporality());
				if (delta == null) {
					decoded.reject(Rejected.UNSPECIFIED_TEMPORALITY, points.size(), name);
					return;
				}
				numbers(decoded, name, points, delta, sumWhere, inherited);
			}
			case HISTOGRAM -> {
				String histogramWhere = where + ".histogram";
				requireKnownWireTypes(metric.getHistogram(), histogramWhere);
				List<HistogramDataPoint> points = metric.getHistogram().getDataPointsList();
				Boolean delta = delta(metric.getHistogram().getAggregationTemporality());
				if (delta == null) {
					decoded.reject(Rejected.UNSPECIFIED_TEMPORALITY, points.size(), name);
					return;
				}
				Histograms histograms = new Histograms(decoded, name, where);
				for (int p = 0; p < points.size(); p++) {
					HistogramDataPoint point = points.get(p);
					String pointWhere = histogramWhere + ".dataPoints[" + p + "]";
					requireKnownWireTypes(point, pointWhere);
					if ((point.getFlags() & DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE) != 0) {
						decoded.reject(Rejected.NO_VALUE, 1, name);
						continue;
					}
					TreeMap<String, String> tags = Attributes.of(point.getAttributesList(), inherited, pointWhere,
							this.maxTags, HISTOGRAM_RESERVED);
					if (delta) {
						tags.put(TEMPORALITY_TAG, "delta");
					}
					histograms.add(point, tags, pointWhere, this.maxTags);
				}
			}
			case EXPONENTIAL_HISTOGRAM -> decoded.reject(Rejected.EXPONENTIAL_HISTOGRAM,
					metric.getExponentialHistogram().getDataPointsCount(), name);
			case SUMMARY -> decoded.reject(Rejected.SUMMARY, metric.getSummary().getDataPointsCount(), name);
			case DATA_NOT_SET -> {
				// A metric without data (an SDK sends none, a hand-made request might):
				// nothing to store.
			}
		}
	}

	private void numbers(DecodedMetrics decoded, String name, List<NumberDataPoint> points, boolean delta, String where,
			TreeMap<String, String> inherited) {
		for (int p = 0; p < points.size(); p++) {
			NumberDataPoint point = points.get(p);
			String pointWhere = where + ".dataPoints[" + p + "]";
			requireKnownWireTypes(point, pointWhere);
			double value;
			switch (point.getValueCase()) {
				case AS_DOUBLE -> value = point.getAsDouble();
				case AS_INT -> value = point.getAsInt();
				default -> {
					decoded.reject(Rejected.NO_VALUE, 1, name);
					continue;
				}
			}
			if ((point.getFlags() & DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE) != 0) {
				decoded.reject(Rejected.NO_VALUE, 1, name);
				continue;
			}
			TreeMap<String, String> tags = Attributes.of(point.getAttributesList(), inherited, pointWhere, this.maxTags,
					NUMBER_RESERVED);
			long timestamp = decoded.timestamp(pointWhere, point.getTimeUnixNano());
			Rejected reason = Rejected.of(value);
			if (reason != null) {
				decoded.reject(reason, 1, name);
				continue;
			}
			if (delta) {
				tags.put(TEMPORALITY_TAG, "delta");
				if (tags.size() > this.maxTags) {
					throw invalid(pointWhere + ": has more than " + this.maxTags
							+ " tags with otel.temporality (sponge.series.max-tags)");
				}
			}
			decoded.point(new SeriesKey(name, tags), timestamp, value);
		}
	}

	/** Whether a temporality is delta, or {@code null} if it is unspecified. */
	private static Boolean delta(AggregationTemporality temporality) {
		return switch (temporality) {
			case AGGREGATION_TEMPORALITY_DELTA -> true;
			case AGGREGATION_TEMPORALITY_CUMULATIVE -> false;
			default -> null;
		};
	}

	/**
	 * The Sponge metric of an OTLP metric name: the name as it is, but for {@code /}
	 * (allowed in OpenTelemetry instrument names, not in Sponge's), which becomes
	 * {@code :} (which OpenTelemetry names never hold).
	 */
	static String metricName(String name, String where) {
		String metric = name.replace('/', ':');
		String problem = SeriesNaming.metricProblem(metric);
		if (problem != null) {
			throw invalid(where + ": metric name " + (name.isEmpty() ? "is empty"
					: Attributes.quote(name) + " " + problem + " (after '/' becomes ':')"));
		}
		return metric;
	}

	/**
	 * Refuses a message with a known field of the wrong wire type
	 * ({@link ProtobufFields}).
	 */
	static void requireKnownWireTypes(Message message, String where) {
		String problem = ProtobufFields.misreadFieldProblem(message);
		if (problem != null) {
			throw malformed(where + ": " + problem);
		}
	}

	static ApiProblem invalid(String detail) {
		return ApiProblem.badRequest(detail + "; nothing of the request was written").withType(INVALID);
	}

	static ApiProblem malformed(String detail) {
		return ApiProblem.badRequest(detail + "; nothing of the request was written").withType(MALFORMED);
	}

}
