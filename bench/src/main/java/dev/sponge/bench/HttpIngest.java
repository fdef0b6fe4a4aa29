package dev.sponge.bench;

import java.time.Duration;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Sends batches to {@code POST /api/v1/points} with Reactor Netty's non-blocking client:
 * a JSON array with a Content-Length, or NDJSON streamed chunk by chunk (one line per
 * series). A batch counts as acknowledged only on {@code 200} with the exact point count.
 */
final class HttpIngest implements AutoCloseable {

	private static final Pattern POINTS = Pattern.compile("\"points\"\\s*:\\s*(\\d+)");

	private final ConnectionProvider connections;

	private final HttpClient client;

	/**
	 * @param baseUrl e.g. {@code http://127.0.0.1:8080}
	 * @param token bearer token, asked for on every request (so a long soak can renew it)
	 * @param connections most connections (one per client)
	 */
	HttpIngest(String baseUrl, Supplier<String> token, int connections) {
		this.connections = ConnectionProvider.builder("bench")
			.maxConnections(connections)
			.pendingAcquireMaxCount(-1)
			.build();
		this.client = HttpClient.create(this.connections)
			.baseUrl(baseUrl)
			.responseTimeout(Duration.ofMinutes(10))
			.headersWhen((headers) -> Mono
				.fromSupplier(() -> headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token.get())));
	}

	Mono<Void> json(Workload.Batch batch) {
		byte[] body = Bodies.json(batch);
		return post("application/json", body.length, Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body)),
				batch.points());
	}

	Mono<Void> ndjson(Workload.Batch batch) {
		Flux<ByteBuf> lines = Flux.fromIterable(batch.slices())
			.map((slice) -> Unpooled.wrappedBuffer(Bodies.ndjsonLine(batch.workload(), slice)));
		return post("application/x-ndjson", -1, lines, batch.points());
	}

	/** A streamed NDJSON upload of any size; the lines are made as they are sent. */
	Mono<Void> ndjsonStream(Flux<byte[]> lines, long expectedPoints) {
		return post("application/x-ndjson", -1, lines.map(Unpooled::wrappedBuffer), expectedPoints);
	}

	private Mono<Void> post(String contentType, long length, org.reactivestreams.Publisher<ByteBuf> body,
			long expectedPoints) {
		return this.client.headers((headers) -> {
			headers.set(HttpHeaderNames.CONTENT_TYPE, contentType);
			if (length >= 0) {
				headers.set(HttpHeaderNames.CONTENT_LENGTH, length);
			}
			else {
				headers.set(HttpHeaderNames.TRANSFER_ENCODING, "chunked");
			}
		})
			.post()
			.uri("/api/v1/points")
			.send(body)
			.responseSingle((response, content) -> content.asString()
				.defaultIfEmpty("")
				.flatMap((text) -> check(response.status().code(), text, expectedPoints)));
	}

	private static Mono<Void> check(int status, String body, long expectedPoints) {
		Matcher points = POINTS.matcher(body);
		if (status == 200 && points.find() && Long.parseLong(points.group(1)) == expectedPoints) {
			return Mono.empty();
		}
		String shortBody = (body.length() > 300) ? body.substring(0, 300) + "..." : body;
		return Mono.error(new IllegalStateException("HTTP " + status + " " + shortBody));
	}

	@Override
	public void close() {
		this.connections.dispose();
	}

}
