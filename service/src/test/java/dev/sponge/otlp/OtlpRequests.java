package dev.sponge.otlp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.test.web.reactive.server.WebTestClient;

import dev.sponge.support.Api;

/**
 * OTLP/HTTP metrics requests as an exporter makes them, built with the message classes of
 * {@code opentelemetry-proto}, and the series read back through Sponge's query API.
 */
final class OtlpRequests {

	static final String PROTOBUF = "application/x-protobuf";

	static final String JSON = "application/json";

	static final String PATH = "/api/otlp/v1/metrics";

	private final WebTestClient client;

	private final Api api;

	OtlpRequests(WebTestClient client) {
		this.client = client;
		this.api = new Api(client);
	}

	WebTestClient.ResponseSpec post(String token, String contentType, String encoding, byte[] body) {
		return this.client.post().uri(PATH).headers(Api.bearer(token)).headers((headers) -> {
			if (contentType != null) {
				headers.set("Content-Type", contentType);
			}
			if (encoding != null) {
				headers.set("Content-Encoding", encoding);
			}
		}).bodyValue(body).exchange();
	}

	WebTestClient.ResponseSpec protobuf(String token, ExportMetricsServiceRequest request) {
		return post(token, PROTOBUF, null, request.toByteArray());
	}

	static byte[] gzip(byte[] bytes) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
			gzip.write(bytes);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

	/**
	 * A request of one resource with {@code resourceAttributes} (name, value, ...) and
	 * one scope holding {@code metrics}.
	 */
	static ExportMetricsServiceRequest request(List<String> resourceAttributes, Metric.Builder... metrics) {
		ScopeMetrics.Builder scope = ScopeMetrics.newBuilder()
			.setScope(InstrumentationScope.newBuilder().setName("dev.sponge.test").setVersion("1.0"));
		for (Metric.Builder metric : metrics) {
			scope.addMetrics(metric);
		}
		return ExportMetricsServiceRequest.newBuilder()
			.addResourceMetrics(ResourceMetrics.newBuilder()
				.setResource(
						Resource.newBuilder().addAllAttributes(attributes(resourceAttributes.toArray(String[]::new))))
				.addScopeMetrics(scope))
			.build();
	}

	/** String attributes: name, value, name, value... */
	static List<KeyValue> attributes(String... attributes) {
		List<KeyValue> list = new ArrayList<>();
		for (int i = 0; i < attributes.length; i += 2) {
			list.add(KeyValue.newBuilder()
				.setKey(attributes[i])
				.setValue(AnyValue.newBuilder().setStringValue(attributes[i + 1]))
				.build());
		}
		return list;
	}

	static NumberDataPoint.Builder number(long millis, double value, String... attributes) {
		return NumberDataPoint.newBuilder()
			.setTimeUnixNano(millis * 1_000_000)
			.setAsDouble(value)
			.addAllAttributes(attributes(attributes));
	}

	/**
	 * Every series of {@code metric} from {@code from} on for a minute, as tags and
	 * {@code [ts, value]} pairs.
	 */
	@SuppressWarnings("unchecked")
	Map<Map<String, String>, List<List<Object>>> series(String token, String metric, long from) {
		Map<String, Object> page = this.api.points(token,
				(q) -> q.queryParam("metric", metric).queryParam("from", from).queryParam("to", from + 60_000));
		Map<Map<String, String>, List<List<Object>>> series = new LinkedHashMap<>();
		for (Map<String, Object> s : (List<Map<String, Object>>) page.get("series")) {
			List<List<Object>> pairs = ((List<List<Number>>) s.get("points")).stream()
				.map((p) -> List.<Object>of(p.get(0).longValue(), p.get(1).doubleValue()))
				.toList();
			series.put((Map<String, String>) s.get("tags"), pairs);
		}
		return series;
	}

	/**
	 * The message of the {@code google.rpc.Status} a refusal answers with, in the
	 * encoding of {@code contentType}.
	 */
	static String statusMessage(String contentType, byte[] body) {
		try {
			if (PROTOBUF.equals(contentType)) {
				// google.rpc.Status: message is field 2.
				return UnknownFieldSet.parseFrom(body).getField(2).getLengthDelimitedList().get(0).toStringUtf8();
			}
			return JsonMapper.builder().build().readTree(body).path("message").asString();
		}
		catch (InvalidProtocolBufferException ex) {
			throw new IllegalStateException(ex);
		}
	}

	List<String> metricNames(String token) {
		return this.api.metricNames(token);
	}

}
