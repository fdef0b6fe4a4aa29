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
 * Sends batches with Reactor Netty's non-blocking client: to {@code POST /api/v1/points}
 * a JSON array with a Content-Length, or NDJSON streamed chunk by chunk (one line per
 * series), acknowledged only by {@code 200} with the exact point count; to
 * {@code POST /api/v1/write} a Prometheus remote-write 1.0 request, acknowledged only by
 * {@code 204}.
 */
final class HttpIngest implements AutoCloseable {

	/** The version header Prometheus sends with remote-write 1.0. */
	static final String REMOTE_WRITE_VERSION = "0.1.0";

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

	/**
	 * A remote-write 1.0 request as Prometheus sends it: snappy-compressed protobuf with
	 * Prometheus' headers.
	 */
	Mono<Void> remoteWrite(Workload.Batch batch) {
		return remoteWrite(RemoteWriteBodies.writeRequest(batch));
	}

	/**
	 * A remote-write 1.0 request of an encoded body (Sponge's or Prometheus' receiver).
	 */
	Mono<Void> remoteWrite(byte[] body) {
		return this.client
			.headers((headers) -> headers.set(HttpHeaderNames.CONTENT_TYPE, "application/x-protobuf")
				.set(HttpHeaderNames.CONTENT_ENCODING, "snappy")
				.set("X-Prometheus-Remote-Write-Version", REMOTE_WRITE_VERSION)
				.set(HttpHeaderNames.CONTENT_LENGTH, body.length))
			.post()
			.uri("/api/v1/write")
			.send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body)))
			.responseSingle((response, content) -> content.asString()
				.defaultIfEmpty("")
				.flatMap((text) -> (response.status().code() == 204) ? Mono.<Void>empty()
						: failure(response.status().code(), text)));
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
		return failure(status, body);
	}

	private static Mono<Void> failure(int status, String body) {
		String shortBody = (body.length() > 300) ? body.substring(0, 300) + "..." : body;
		return Mono.error(new IllegalStateException("HTTP " + status + " " + shortBody));
	}

	@Override
	public void close() {
		this.connections.dispose();
	}

}
