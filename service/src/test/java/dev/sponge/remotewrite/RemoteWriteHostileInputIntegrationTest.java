package dev.sponge.remotewrite;

import java.util.LinkedHashMap;
import java.util.Map;

import com.google.protobuf.UnknownFieldSet;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.sponge.remotewrite.RemoteWriteRequests.V2Builder;
import dev.sponge.remotewrite.proto.v1.TimeSeries;
import dev.sponge.remotewrite.proto.v1.WriteRequest;
import dev.sponge.support.Api;
import dev.sponge.support.IntegrationTest;
import dev.sponge.support.Tokens;

import static dev.sponge.remotewrite.RemoteWriteRequests.V1;
import static dev.sponge.remotewrite.RemoteWriteRequests.V2;
import static dev.sponge.remotewrite.RemoteWriteRequests.sample;
import static dev.sponge.remotewrite.RemoteWriteRequests.sample2;
import static dev.sponge.remotewrite.RemoteWriteRequests.series;
import static dev.sponge.remotewrite.RemoteWriteRequests.snappy;
import static dev.sponge.remotewrite.RemoteWriteRequests.v1Request;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a broken or hostile sender gets from {@code POST /api/v1/write}: a 4xx problem
 * naming what was wrong (400, which Prometheus never retries, for bad data; 413 over a
 * size limit; 415 for what is not remote-write), never a 5xx, and nothing of the request
 * written, even where most of it was fine.
 */
@IntegrationTest
class RemoteWriteHostileInputIntegrationTest {

	private static final long DAY = 1764028800000L;

	private final Api api;

	private final RemoteWriteRequests remoteWrite;

	private final String writer = Tokens.writerReader(Tokens.uniqueTenant());

	RemoteWriteHostileInputIntegrationTest(@Autowired WebTestClient client) {
		this.api = new Api(client);
		this.remoteWrite = new RemoteWriteRequests(client);
	}

	@Test
	void badDataIsRefusedWith400NamingWhatWasWrongAndNothingIsWritten() {
		byte[] valid = v1Request(good(), good()).toByteArray();
		byte[] compressed = snappy(valid);
		Map<String, Bad> cases = new LinkedHashMap<>();
		cases.put("truncated snappy",
				new Bad(V1, java.util.Arrays.copyOf(compressed, compressed.length / 2), "corrupt or truncated snappy"));
		byte[] corrupt = compressed.clone();
		for (int i = 3; i < corrupt.length; i++) {
			corrupt[i] = (byte) 0xff;
		}
		cases.put("corrupt snappy", new Bad(V1, corrupt, "snappy"));
		// A header declaring 1 GiB, more than 5 bytes of snappy data can ever hold.
		cases.put("impossible snappy header", new Bad(V1,
				new byte[] { (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x04 }, "snappy header is not valid"));
		cases.put("not compressed", new Bad(V1, valid, "The body is not"));
		cases.put("not protobuf", new Bad(V1, new byte[] { (byte) 0xff, (byte) 0xff, (byte) 0xff },
				"not a valid prometheus.WriteRequest"));
		cases.put("samples as a varint", new Bad(V1,
				v1Request(good(),
						good().setUnknownFields(UnknownFieldSet.newBuilder()
							.addField(2, UnknownFieldSet.Field.newBuilder().addVarint(5).build())
							.build()))
					.toByteArray(),
				"field 2 of prometheus.TimeSeries has the wrong wire type"));
		cases.put("timeseries as a fixed64",
				new Bad(V1,
						WriteRequest.newBuilder()
							.addTimeseries(good())
							.setUnknownFields(UnknownFieldSet.newBuilder()
								.addField(1, UnknownFieldSet.Field.newBuilder().addFixed64(7).build())
								.build())
							.build()
							.toByteArray(),
						"Field 1 of prometheus.WriteRequest has the wrong wire type"));
		V2Builder v2 = new V2Builder();
		v2.add(v2.series("__name__", "m").addSamples(sample2(DAY, 1)));
		cases.put("a 2.0 body sent as 1.0",
				new Bad(V1, v2.build().toByteArray(), "is the body a io.prometheus.write.v2.Request"));
		cases.put("a 1.0 body sent as 2.0", new Bad(V2, valid, "is the body a prometheus.WriteRequest"));
		cases.put("empty metric name", v1(series("__name__", "", "job", "a"), "metric name (label __name__) is empty"));
		cases.put("no metric name", v1(series("job", "a"), "has no metric name"));
		cases.put("duplicate labels",
				v1(series("__name__", "m", "job", "a", "job", "b"), "label \"job\" appears twice"));
		cases.put("unsorted labels",
				v1(series("__name__", "m", "zone", "a", "job", "b"), "labels are not sorted by name"));
		cases.put("invalid label name", v1(series("__name__", "m", "a b", "x"), "label name \"a b\""));
		cases.put("invalid metric name", v1(series("__name__", "9lives"), "metric name (label __name__) \"9lives\""));
		cases.put("label value over 256 bytes",
				v1(series("__name__", "m", "job", "x".repeat(257)), "at most 256 bytes"));
		String[] many = new String[2 + 2 * 10_000];
		many[0] = "__name__";
		many[1] = "m";
		for (int i = 0; i < 10_000; i++) {
			many[2 + 2 * i] = "l%05d".formatted(i);
			many[3 + 2 * i] = "v";
		}
		cases.put("huge label set", v1(series(many), "more than 32 labels besides __name__"));
		cases.put("timestamp in 1970",
				new Bad(V1, v1Request(good(), series("__name__", "m").addSamples(sample(1000, 1))).toByteArray(),
						"timeseries[1].samples[0]: timestamp 1000 is outside the accepted window"));
		V2Builder outside = new V2Builder();
		outside.add(outside.series("__name__", "m").addSamples(sample2(DAY, 1)).addLabelsRefs(1000));
		cases.put("odd label references", new Bad(V2, outside.build().toByteArray(), "not name and value pairs"));
		V2Builder missing = new V2Builder();
		missing.add(missing.series("__name__", "m").addLabelsRefs(1000).addLabelsRefs(1).addSamples(sample2(DAY, 1)));
		cases.put("label reference past the symbols",
				new Bad(V2, missing.build().toByteArray(), "label reference 1000 is outside the symbol table"));

		cases.forEach((name, bad) -> {
			byte[] body = bad.body();
			if (!name.contains("snappy") && !name.equals("not compressed")) {
				body = snappy(body);
			}
			this.remoteWrite.post(this.writer, bad.contentType(), "snappy", body)
				.expectStatus()
				.value((status) -> assertThat(status).as(name).isEqualTo(400))
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectHeader()
				.value(RemoteWriteController.SAMPLES_WRITTEN,
						(written) -> assertThat(written).as(name).isEqualTo(V2.equals(bad.contentType()) ? "0" : null))
				.expectBody()
				.jsonPath("$.detail")
				.value((String detail) -> assertThat(detail).as(name).contains(bad.detail()));
		});
		assertThat(this.api.metricNames(this.writer)).isEmpty();
	}

	@Test
	void aBodyDecompressingToMoreThanTheLimitIs413BeforeItIsDecompressed() {
		// 40 MB of zeros compress to about 2 MB, under the body limit; the snappy header
		// declares the 40 MB, over sponge.ingest.remote-write.max-decompressed-size.
		byte[] body = snappy(new byte[40 * 1024 * 1024]);
		assertThat(body.length).isLessThan(8 * 1024 * 1024);
		this.remoteWrite.post(this.writer, V1, "snappy", body)
			.expectStatus()
			.isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
			.expectBody()
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("decompresses to 41943040 bytes")
				.contains("sponge.ingest.remote-write.max-decompressed-size"));
		assertThat(this.api.metricNames(this.writer)).isEmpty();
	}

	@Test
	void whatIsNotRemoteWriteIs415() {
		byte[] body = snappy(v1Request(good()).toByteArray());
		Map<String, String[]> cases = new LinkedHashMap<>();
		cases.put("unknown proto", new String[] { "application/x-protobuf;proto=io.prometheus.write.v3.Request",
				"snappy", "proto=io.prometheus.write.v3.Request is not supported" });
		cases.put("JSON", new String[] { "application/json", "snappy", "Content-Type 'application/json'" });
		cases.put("no content type", new String[] { null, "snappy", "Content-Type missing" });
		cases.put("gzip", new String[] { V1, "gzip", "Content-Encoding '[gzip]' is not supported" });
		cases.put("no encoding", new String[] { V2, null, "Content-Encoding missing" });
		cases.forEach((name, request) -> this.remoteWrite.post(this.writer, request[0], request[1], body)
			.expectStatus()
			.value((status) -> assertThat(status).as(name).isEqualTo(415))
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).as(name).contains(request[2])));
		assertThat(this.api.metricNames(this.writer)).isEmpty();
	}

	private static TimeSeries.Builder good() {
		return series("__name__", "fine", "job", "a").addSamples(sample(DAY, 1));
	}

	private static Bad v1(TimeSeries.Builder bad, String detail) {
		return new Bad(V1, v1Request(good(), bad.addSamples(sample(DAY, 1))).toByteArray(), detail);
	}

	/** A request body (before compression, unless the case is about compression). */
	private record Bad(String contentType, byte[] body, String detail) {
	}

}
