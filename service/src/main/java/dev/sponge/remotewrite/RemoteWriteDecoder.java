package dev.sponge.remotewrite;

import java.time.Clock;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;

import org.springframework.stereotype.Component;

import dev.sponge.ingest.IngestProperties;
import dev.sponge.ingest.ProtobufFields;
import dev.sponge.problem.ApiProblem;
import dev.sponge.remotewrite.proto.v1.Label;
import dev.sponge.remotewrite.proto.v1.WriteRequest;
import dev.sponge.remotewrite.proto.v2.Request;
import dev.sponge.series.SeriesKey;
import dev.sponge.series.SeriesProperties;

/**
 * Turns a remote-write body (snappy block, then protobuf) into the points to write,
 * checking every rule before anything is written: a request that breaks one is refused
 * whole with a 4xx naming the series and what was wrong.
 */
@Component
class RemoteWriteDecoder {

	/** Problem type of a body that is not snappy-compressed protobuf of its message. */
	static final String MALFORMED = "urn:sponge:problem:malformed-remote-write";

	/** Problem type of a request that breaks a rule (names, labels, timestamps). */
	static final String INVALID = "urn:sponge:problem:invalid-remote-write";

	/** Problem type of a request over a size or count limit. */
	static final String TOO_LARGE = ApiProblem.TOO_LARGE;

	private final IngestProperties ingest;

	private final SeriesProperties series;

	private final RemoteWriteProperties properties;

	private final Clock clock;

	RemoteWriteDecoder(IngestProperties ingest, SeriesProperties series, RemoteWriteProperties properties,
			Clock clock) {
		this.ingest = ingest;
		this.series = series;
		this.properties = properties;
		this.clock = clock;
		SnappyBlock.load();
	}

	DecodedWrite decode(RemoteWriteProtocol protocol, byte[] body) {
		byte[] message = SnappyBlock.uncompress(body, this.properties.maxDecompressedSize().toBytes(),
				"sponge.ingest.remote-write.max-decompressed-size");
		DecodedWrite decoded = new DecodedWrite(this.ingest.earliestTimestamp().toEpochMilli(),
				this.clock.millis() + this.ingest.maxFuture().toMillis(), "from " + this.ingest.earliestTimestamp()
						+ " to " + this.ingest.maxFuture() + " after the server's clock",
				this.ingest.maxPointsPerRequest());
		switch (protocol) {
			case V1 -> decodeV1(parse(WriteRequest.parser(), message, protocol), decoded);
			case V2 -> decodeV2(parse(Request.parser(), message, protocol), decoded);
		}
		return decoded;
	}

	private void decodeV1(WriteRequest request, DecodedWrite decoded) {
		requireNoUnknownFields(request, RemoteWriteProtocol.V2);
		for (int i = 0; i < request.getTimeseriesCount(); i++) {
			var series = request.getTimeseries(i);
			String where = "timeseries[" + i + "]";
			requireKnownWireTypes(series, where);
			SeriesLabels labels = new SeriesLabels(where, this.series.maxTags());
			for (int l = 0; l < series.getLabelsCount(); l++) {
				Label label = series.getLabels(l);
				if (label.getUnknownFields().getSerializedSize() != 0) {
					requireKnownWireTypes(label, where + ".labels[" + l + "]");
				}
				labels.add(label.getName(), label.getValue());
			}
			addSeries(decoded, where, labels.key(), series.getSamplesList(),
					dev.sponge.remotewrite.proto.v1.Sample::getTimestamp,
					dev.sponge.remotewrite.proto.v1.Sample::getValue, series.getHistogramsCount(),
					series.getExemplarsCount());
		}
	}

	private void decodeV2(Request request, DecodedWrite decoded) {
		requireNoUnknownFields(request, RemoteWriteProtocol.V1);
		var symbols = request.getSymbolsList();
		for (int i = 0; i < request.getTimeseriesCount(); i++) {
			var series = request.getTimeseries(i);
			String where = "timeseries[" + i + "]";
			requireKnownWireTypes(series, where);
			int refs = series.getLabelsRefsCount();
			if (refs % 2 != 0) {
				throw invalid(where + ": labels_refs holds " + refs + " references, not name and value pairs");
			}
			SeriesLabels labels = new SeriesLabels(where, this.series.maxTags());
			for (int r = 0; r < refs; r += 2) {
				labels.add(symbol(symbols, series.getLabelsRefs(r), where),
						symbol(symbols, series.getLabelsRefs(r + 1), where));
			}
			addSeries(decoded, where, labels.key(), series.getSamplesList(),
					dev.sponge.remotewrite.proto.v2.Sample::getTimestamp,
					dev.sponge.remotewrite.proto.v2.Sample::getValue, series.getHistogramsCount(),
					series.getExemplarsCount());
		}
	}

	/**
	 * One series' samples (of either version's {@code Sample}), and what of it is not
	 * stored.
	 */
	private static <S extends Message> void addSeries(DecodedWrite decoded, String where, SeriesKey key,
			List<S> samples, ToLongFunction<S> timestamp, ToDoubleFunction<S> value, int histograms, int exemplars) {
		for (int s = 0; s < samples.size(); s++) {
			S sample = samples.get(s);
			// Checked before the location is put into words: most samples have nothing
			// unknown.
			if (sample.getUnknownFields().getSerializedSize() != 0) {
				requireKnownWireTypes(sample, where + ".samples[" + s + "]");
			}
			decoded.sample(where, s, timestamp.applyAsLong(sample), value.applyAsDouble(sample));
		}
		decoded.endSeries(key);
		decoded.drop(Dropped.NATIVE_HISTOGRAM, histograms);
		decoded.drop(Dropped.EXEMPLAR, exemplars);
	}

	private static String symbol(List<String> symbols, int ref, String where) {
		long index = Integer.toUnsignedLong(ref);
		if (index >= symbols.size()) {
			throw invalid(where + ": label reference " + index + " is outside the symbol table (" + symbols.size()
					+ " symbols)");
		}
		return symbols.get((int) index);
	}

	private static <T extends Message> T parse(Parser<T> parser, byte[] message, RemoteWriteProtocol protocol) {
		try {
			return parser.parseFrom(message);
		}
		catch (InvalidProtocolBufferException ex) {
			throw malformed("The body is not a valid " + protocol.message() + " message: " + ex.getMessage());
		}
	}

	/**
	 * The request message itself has no field Sponge does not know: the other version's
	 * body sent under this version's content type is refused, not read as empty.
	 */
	private static void requireNoUnknownFields(Message request, RemoteWriteProtocol other) {
		var unknown = request.getUnknownFields().asMap();
		if (unknown.isEmpty()) {
			return;
		}
		Descriptor type = request.getDescriptorForType();
		int number = unknown.keySet().iterator().next();
		if (type.findFieldByNumber(number) != null) {
			throw malformed("Field " + number + " of " + type.getFullName() + " has the wrong wire type");
		}
		throw malformed("Field " + number + " is not a field of " + type.getFullName() + "; is the body a "
				+ other.message() + "? Its Content-Type must then name it");
	}

	/**
	 * Refuses a message with a known field of the wrong wire type
	 * ({@link ProtobufFields}).
	 */
	private static void requireKnownWireTypes(Message message, String where) {
		String problem = ProtobufFields.misreadFieldProblem(message);
		if (problem != null) {
			throw malformed(where + ": " + problem);
		}
	}

	private static ApiProblem invalid(String detail) {
		return ApiProblem.badRequest(detail + "; nothing of the request was written").withType(INVALID);
	}

	private static ApiProblem malformed(String detail) {
		return ApiProblem.badRequest(detail + "; nothing of the request was written").withType(MALFORMED);
	}

}
