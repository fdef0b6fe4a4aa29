package dev.sponge.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Byte-exact requests to the running service (the JDK client sends whatever header and
 * body it is given, where a typed client would refuse a broken content type), for the
 * fuzz tests.
 */
final class RawHttp {

	// HTTP/1.1, as the edge and curl speak to the service (at its default, HTTP/2,
	// the JDK client also offers an h2c upgrade that the service ignores).
	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(10))
		.build();

	private final String base;

	RawHttp(int port) {
		this.base = "http://127.0.0.1:" + port;
	}

	HttpResponse<String> post(String token, String path, String contentType, byte[] body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(60))
			.header("Authorization", "Bearer " + token)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		return send(request.build());
	}

	/**
	 * A GET with the query parameters percent-encoded as UTF-8, repeated names allowed.
	 */
	HttpResponse<String> get(String token, String path, List<Map.Entry<String, String>> params) {
		return getRaw(token, path,
				params.stream()
					.map((p) -> encode(p.getKey()) + "=" + encode(p.getValue()))
					.collect(Collectors.joining("&")));
	}

	/** A GET with {@code query} sent exactly as given (it must be a legal URI query). */
	HttpResponse<String> getRaw(String token, String path, String query) {
		return send(getRequest(token, path, query).build());
	}

	/** A GET as {@link #getRaw(String, String, String)} with one more header. */
	HttpResponse<String> getRaw(String token, String path, String query, String header, String value) {
		return send(getRequest(token, path, query).header(header, value).build());
	}

	private HttpRequest.Builder getRequest(String token, String path, String query) {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create(this.base + path + (query.isEmpty() ? "" : "?" + query)))
			.timeout(Duration.ofSeconds(60))
			.GET();
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return request;
	}

	static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
	}

	private HttpResponse<String> send(HttpRequest request) {
		try {
			return this.client.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(request.method() + " " + request.uri(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
