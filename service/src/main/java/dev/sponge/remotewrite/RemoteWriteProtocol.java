package dev.sponge.remotewrite;

import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

import dev.sponge.problem.ApiProblem;

/**
 * The remote-write versions Sponge receives, told apart by {@code Content-Type} as the
 * 2.0 specification says: {@code application/x-protobuf} without a {@code proto}
 * parameter is 1.0. Anything else, and any {@code Content-Encoding} but {@code snappy},
 * is refused with 415.
 */
enum RemoteWriteProtocol {

	/** Remote-write 1.0: {@code prometheus.WriteRequest}. */
	V1("prometheus.WriteRequest"),

	/** Remote-write 2.0: {@code io.prometheus.write.v2.Request}. */
	V2("io.prometheus.write.v2.Request");

	static final String UNSUPPORTED = "urn:sponge:problem:unsupported-remote-write";

	private static final MediaType PROTOBUF = MediaType.parseMediaType("application/x-protobuf");

	private final String message;

	RemoteWriteProtocol(String message) {
		this.message = message;
	}

	/** The protobuf message this version's body holds. */
	String message() {
		return this.message;
	}

	/**
	 * @param headers the request's headers
	 * @return the version the request's {@code Content-Type} names
	 * @throws ApiProblem 415 if the content type or encoding is not one Sponge takes
	 */
	static RemoteWriteProtocol of(HttpHeaders headers) {
		MediaType type = contentType(headers);
		if (type == null || !PROTOBUF.equalsTypeAndSubtype(type)) {
			throw unsupported("Content-Type " + ((type != null) ? "'" + type + "'" : "missing") + " is not supported");
		}
		String proto = type.getParameter("proto");
		RemoteWriteProtocol protocol = null;
		for (RemoteWriteProtocol candidate : values()) {
			if (proto == null || candidate.message.equals(proto)) {
				protocol = candidate;
				break;
			}
		}
		if (protocol == null) {
			throw unsupported("proto=" + proto + " is not supported");
		}
		List<String> encodings = headers.getOrEmpty(HttpHeaders.CONTENT_ENCODING);
		if (encodings.size() != 1 || !"snappy".equalsIgnoreCase(encodings.get(0).trim())) {
			throw unsupported("Content-Encoding " + (encodings.isEmpty() ? "missing" : "'" + encodings + "'")
					+ " is not supported; remote-write bodies are snappy block-compressed (Content-Encoding: snappy)");
		}
		return protocol;
	}

	private static MediaType contentType(HttpHeaders headers) {
		try {
			return headers.getContentType();
		}
		catch (InvalidMediaTypeException ex) {
			throw unsupported("Content-Type '" + headers.getFirst(HttpHeaders.CONTENT_TYPE) + "' is not a media type");
		}
	}

	private static ApiProblem unsupported(String what) {
		return ApiProblem
			.unsupportedMediaType(
					what + "; POST /api/v1/write takes Prometheus remote-write 1.0 (application/x-protobuf or "
							+ "application/x-protobuf;proto=prometheus.WriteRequest) and 2.0 "
							+ "(application/x-protobuf;proto=io.prometheus.write.v2.Request), snappy block-compressed")
			.withType(UNSUPPORTED);
	}

}
