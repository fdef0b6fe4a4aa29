package dev.sponge.otlp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

import dev.sponge.problem.ApiProblem;

/**
 * The two encodings of OTLP/HTTP, told apart by {@code Content-Type}: binary protobuf and
 * OTLP's JSON (protobuf's JSON mapping with lowerCamelCase names, 64-bit integers as
 * strings or numbers, enums as integers). The answer is in the request's encoding.
 * Anything else, and a {@code Content-Encoding} other than {@code gzip} or
 * {@code identity}, is refused with 415.
 */
enum OtlpFormat {

	/** {@code application/x-protobuf}. */
	PROTOBUF(MediaType.parseMediaType("application/x-protobuf")),

	/** {@code application/json}. */
	JSON(MediaType.APPLICATION_JSON);

	static final String UNSUPPORTED = "urn:sponge:problem:unsupported-otlp";

	/** Unknown fields are ignored, as the OTLP specification requires of receivers. */
	private static final JsonFormat.Parser JSON_PARSER = JsonFormat.parser().ignoringUnknownFields();

	/** The field number of {@code google.rpc.Status.message}. */
	private static final int STATUS_MESSAGE = 2;

	private static final JsonFormat.Printer JSON_PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

	private final MediaType mediaType;

	OtlpFormat(MediaType mediaType) {
		this.mediaType = mediaType;
	}

	MediaType mediaType() {
		return this.mediaType;
	}

	/**
	 * @param headers the request's headers
	 * @return the encoding the request's {@code Content-Type} names
	 * @throws ApiProblem 415 if the content type or encoding is not one Sponge takes
	 */
	static OtlpFormat of(HttpHeaders headers) {
		MediaType type;
		try {
			type = headers.getContentType();
		}
		catch (InvalidMediaTypeException ex) {
			throw unsupported("Content-Type '" + headers.getFirst(HttpHeaders.CONTENT_TYPE) + "' is not a media type");
		}
		OtlpFormat format = null;
		for (OtlpFormat candidate : values()) {
			if (type != null && candidate.mediaType.equalsTypeAndSubtype(type)) {
				format = candidate;
			}
		}
		if (format == null) {
			throw unsupported("Content-Type " + ((type != null) ? "'" + type + "'" : "missing") + " is not supported");
		}
		return format;
	}

	/**
	 * @param headers the request's headers
	 * @return whether the body is gzip-compressed
	 * @throws ApiProblem 415 for any other content encoding
	 */
	static boolean gzipped(HttpHeaders headers) {
		List<String> encodings = headers.getOrEmpty(HttpHeaders.CONTENT_ENCODING);
		if (encodings.isEmpty()) {
			return false;
		}
		String encoding = (encodings.size() == 1) ? encodings.get(0).trim() : "";
		if ("gzip".equalsIgnoreCase(encoding)) {
			return true;
		}
		if ("identity".equalsIgnoreCase(encoding)) {
			return false;
		}
		throw unsupported("Content-Encoding '" + String.join(", ", encodings) + "' is not supported");
	}

	/**
	 * @param body the decompressed body
	 * @return the request
	 * @throws ApiProblem 400 if the body is not a valid message of this encoding
	 */
	ExportMetricsServiceRequest decode(byte[] body) {
		try {
			if (this == PROTOBUF) {
				return ExportMetricsServiceRequest.parseFrom(body);
			}
			ExportMetricsServiceRequest.Builder request = ExportMetricsServiceRequest.newBuilder();
			JSON_PARSER.merge(new String(body, StandardCharsets.UTF_8), request);
			return request.build();
		}
		catch (InvalidProtocolBufferException | RuntimeException ex) {
			// JsonFormat reports some malformed JSON as Gson's runtime exceptions.
			throw OtlpDecoder.malformed("The body is not a valid " + ((this == PROTOBUF) ? "protobuf" : "OTLP JSON")
					+ " ExportMetricsServiceRequest: " + ex.getMessage());
		}
	}

	/**
	 * A {@code google.rpc.Status} with only its {@code message}, in this encoding: the
	 * body of a failure's answer as the OTLP specification asks for it (the {@code code}
	 * field, which it does not use, is left out).
	 */
	byte[] status(String message) {
		if (this == PROTOBUF) {
			byte[] status = new byte[CodedOutputStream.computeStringSize(STATUS_MESSAGE, message)];
			CodedOutputStream out = CodedOutputStream.newInstance(status);
			try {
				out.writeString(STATUS_MESSAGE, message);
			}
			catch (IOException ex) {
				// Only a full array fails, and this one has the message's exact size.
				throw new UncheckedIOException(ex);
			}
			return status;
		}
		StringBuilder json = new StringBuilder("{\"message\":");
		OtlpValues.quote(message, json);
		return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
	}

	/** The response message in this encoding. */
	byte[] encode(ExportMetricsServiceResponse response) {
		if (this == PROTOBUF) {
			return response.toByteArray();
		}
		try {
			return JSON_PRINTER.print(response).getBytes(StandardCharsets.UTF_8);
		}
		catch (InvalidProtocolBufferException ex) {
			// The response has no Any field, the one thing the printer can fail on.
			throw new IllegalStateException(ex);
		}
	}

	private static ApiProblem unsupported(String what) {
		return ApiProblem
			.unsupportedMediaType(what + "; POST /api/otlp/v1/metrics takes an OTLP ExportMetricsServiceRequest as "
					+ "application/x-protobuf or application/json, uncompressed or Content-Encoding gzip")
			.withType(UNSUPPORTED);
	}

}
