package dev.sponge.promapi;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A loopback HTTP proxy in front of Sponge that adds
 * {@code Authorization: Bearer <token>} to every request and changes nothing else:
 * method, path, query and body pass as the client sent them, and the answer's status,
 * content type and body come back as Sponge gave them. Debian's promtool 2.42 sends
 * headers only on {@code query range} ({@code --header}); its {@code instant},
 * {@code series} and {@code labels} commands have no way to carry a token, so they reach
 * Sponge through this proxy, as they would through a credential-adding sidecar.
 */
final class BearerProxy implements AutoCloseable {

	private final HttpClient http = HttpClient.newHttpClient();

	private final HttpServer server;

	private final String upstream;

	private final String token;

	private BearerProxy(String upstream, String token) throws IOException {
		this.upstream = upstream;
		this.token = token;
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/", this::forward);
	}

	/** A proxy to {@code upstream} (scheme, host and port) adding {@code token}. */
	static BearerProxy start(String upstream, String token) {
		try {
			BearerProxy proxy = new BearerProxy(upstream, token);
			proxy.server.start();
			return proxy;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The proxy's base URL, {@code http://127.0.0.1:<port>}. */
	String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	private void forward(HttpExchange exchange) throws IOException {
		try (exchange) {
			URI asked = exchange.getRequestURI();
			String target = this.upstream + asked.getRawPath()
					+ ((asked.getRawQuery() != null) ? "?" + asked.getRawQuery() : "");
			byte[] body = exchange.getRequestBody().readAllBytes();
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target))
				.method(exchange.getRequestMethod(),
						(body.length == 0) ? HttpRequest.BodyPublishers.noBody()
								: HttpRequest.BodyPublishers.ofByteArray(body))
				.header("Authorization", "Bearer " + this.token);
			String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
			if (contentType != null) {
				request.header("Content-Type", contentType);
			}
			HttpResponse<byte[]> answer = this.http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
			answer.headers()
				.firstValue("Content-Type")
				.ifPresent((type) -> exchange.getResponseHeaders().set("Content-Type", type));
			exchange.sendResponseHeaders(answer.statusCode(), (answer.body().length == 0) ? -1 : answer.body().length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(answer.body());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			exchange.sendResponseHeaders(502, -1);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
