package dev.sponge.remotewrite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.xerial.snappy.Snappy;

import org.springframework.test.web.reactive.server.WebTestClient;

import dev.sponge.remotewrite.proto.v1.Label;
import dev.sponge.remotewrite.proto.v1.Sample;
import dev.sponge.remotewrite.proto.v1.TimeSeries;
import dev.sponge.remotewrite.proto.v1.WriteRequest;
import dev.sponge.remotewrite.proto.v2.Request;
import dev.sponge.support.Api;

/**
 * Remote-write requests as a sender makes them: messages built with the classes generated
 * from Sponge's own {@code .proto} files, snappy block-compressed, posted with the
 * headers the specifications name.
 */
final class RemoteWriteRequests {

	static final String V1 = "application/x-protobuf";

	static final String V2 = "application/x-protobuf;proto=io.prometheus.write.v2.Request";

	/** Prometheus' stale marker. */
	static final double STALE = Double.longBitsToDouble(0x7ff0000000000002L);

	private final WebTestClient client;

	RemoteWriteRequests(WebTestClient client) {
		this.client = client;
	}

	WebTestClient.ResponseSpec post(String token, String contentType, String encoding, byte[] body) {
		return this.client.post().uri("/api/v1/write").headers(Api.bearer(token)).headers((headers) -> {
			if (contentType != null) {
				headers.set("Content-Type", contentType);
			}
			if (encoding != null) {
				headers.set("Content-Encoding", encoding);
			}
			headers.set("X-Prometheus-Remote-Write-Version", V2.equals(contentType) ? "2.0.0" : "0.1.0");
		}).bodyValue(body).exchange();
	}

	WebTestClient.ResponseSpec v1(String token, WriteRequest request) {
		return post(token, V1, "snappy", snappy(request.toByteArray()));
	}

	WebTestClient.ResponseSpec v2(String token, Request request) {
		return post(token, V2, "snappy", snappy(request.toByteArray()));
	}

	static byte[] snappy(byte[] bytes) {
		try {
			return Snappy.compress(bytes);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A 1.0 series: labels as name, value, name, value... in the order given. */
	static TimeSeries.Builder series(String... labels) {
		TimeSeries.Builder series = TimeSeries.newBuilder();
		for (int i = 0; i < labels.length; i += 2) {
			series.addLabels(Label.newBuilder().setName(labels[i]).setValue(labels[i + 1]));
		}
		return series;
	}

	static Sample sample(long timestamp, double value) {
		return Sample.newBuilder().setTimestamp(timestamp).setValue(value).build();
	}

	static WriteRequest v1Request(TimeSeries.Builder... series) {
		WriteRequest.Builder request = WriteRequest.newBuilder();
		for (TimeSeries.Builder one : series) {
			request.addTimeseries(one);
		}
		return request.build();
	}

	/**
	 * A 2.0 request builder that interns strings into the symbol table as a sender does,
	 * with the empty string first.
	 */
	static final class V2Builder {

		private final Map<String, Integer> symbols = new LinkedHashMap<>();

		private final List<dev.sponge.remotewrite.proto.v2.TimeSeries> series = new ArrayList<>();

		V2Builder() {
			ref("");
		}

		int ref(String symbol) {
			return this.symbols.computeIfAbsent(symbol, (s) -> this.symbols.size());
		}

		/** Labels as name, value, name, value... in the order given. */
		dev.sponge.remotewrite.proto.v2.TimeSeries.Builder series(String... labels) {
			var one = dev.sponge.remotewrite.proto.v2.TimeSeries.newBuilder();
			for (String label : labels) {
				one.addLabelsRefs(ref(label));
			}
			return one;
		}

		V2Builder add(dev.sponge.remotewrite.proto.v2.TimeSeries.Builder one) {
			this.series.add(one.build());
			return this;
		}

		Request build() {
			return Request.newBuilder().addAllSymbols(this.symbols.keySet()).addAllTimeseries(this.series).build();
		}

	}

	static dev.sponge.remotewrite.proto.v2.Sample sample2(long timestamp, double value) {
		return dev.sponge.remotewrite.proto.v2.Sample.newBuilder().setTimestamp(timestamp).setValue(value).build();
	}

}
