package dev.sponge.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import org.HdrHistogram.Histogram;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Tenant B of the fairness phase: one client, one request after the other, in turn a
 * small JSON write ({@value #SERIES} series of {@value #POINTS} points), the latest
 * values of those series and a raw five-minute range of one of them. Every request
 * counts: its latency, and whether it was a 2xx.
 */
final class FairnessProbe implements AutoCloseable {

	static final String METRIC = "fair.probe";

	static final int SERIES = 3;

	static final int POINTS = 5;

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

	private static final int MAX_FAILURE_SAMPLES = 5;

	private final ConnectionProvider connections = ConnectionProvider.builder("fair-probe").maxConnections(1).build();

	private final HttpClient client;

	private final long firstTimestamp = System.currentTimeMillis();

	private long writes;

	private long turn;

	FairnessProbe(String baseUrl, Supplier<String> token) {
		this.client = HttpClient.create(this.connections)
			.baseUrl(baseUrl)
			.responseTimeout(REQUEST_TIMEOUT)
			.headersWhen((headers) -> Mono
				.fromSupplier(() -> headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token.get())));
	}

	/** Runs the probe for {@code duration} and tallies every request. */
	Result measure(Duration duration) {
		Histogram micros = new Histogram(3);
		List<String> failures = new ArrayList<>();
		long failed = 0;
		long deadline = System.nanoTime() + duration.toNanos();
		while (System.nanoTime() < deadline) {
			long start = System.nanoTime();
			String failure = next();
			micros.recordValue((System.nanoTime() - start) / 1000);
			if (failure != null) {
				failed++;
				if (failures.size() < MAX_FAILURE_SAMPLES) {
					failures.add(failure);
				}
			}
		}
		return new Result(micros.getTotalCount(), failed, micros.getValueAtPercentile(50) / 1000.0,
				micros.getValueAtPercentile(95) / 1000.0, micros.getValueAtPercentile(99) / 1000.0,
				micros.getMaxValue() / 1000.0, List.copyOf(failures));
	}

	/** The next request of the round; null if it was a 2xx, else what went wrong. */
	private String next() {
		long kind = this.turn++ % 3;
		try {
			if (kind == 0) {
				return check("write", write());
			}
			if (kind == 1) {
				return check("latest", get("/api/v1/latest?metric=" + METRIC));
			}
			return check("range", get("/api/v1/points?metric=" + METRIC + "&tag=host:p0&from=-5m&to=now&limit=1000"));
		}
		catch (RuntimeException ex) {
			return ((kind == 0) ? "write" : (kind == 1) ? "latest" : "range") + ": " + ex;
		}
	}

	private String write() {
		long first = this.firstTimestamp + this.writes++ * POINTS;
		StringBuilder body = new StringBuilder("[");
		for (int s = 0; s < SERIES; s++) {
			body.append((s > 0) ? "," : "")
				.append("{\"metric\":\"" + METRIC + "\",\"tags\":{\"host\":\"p")
				.append(s)
				.append("\"},\"points\":[");
			for (int p = 0; p < POINTS; p++) {
				body.append((p > 0) ? "," : "").append('[').append(first + p).append(',').append(s + p).append(']');
			}
			body.append("]}");
		}
		byte[] bytes = body.append(']').toString().getBytes(StandardCharsets.UTF_8);
		return this.client.headers((headers) -> headers.set(HttpHeaderNames.CONTENT_TYPE, "application/json"))
			.post()
			.uri("/api/v1/points")
			.send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(bytes)))
			.responseSingle((response, content) -> content.asString()
				.defaultIfEmpty("")
				.map((text) -> response.status().code() + " " + text))
			.block(REQUEST_TIMEOUT);
	}

	private String get(String uri) {
		return this.client.get()
			.uri(uri)
			.responseSingle((response, content) -> content.asString()
				.defaultIfEmpty("")
				.map((text) -> response.status().code() + " " + text))
			.block(REQUEST_TIMEOUT);
	}

	private static String check(String what, String answer) {
		if (answer != null && answer.startsWith("2")) {
			return null;
		}
		String text = String.valueOf(answer);
		return what + ": HTTP " + ((text.length() > 200) ? text.substring(0, 200) + "..." : text);
	}

	@Override
	public void close() {
		this.connections.dispose();
	}

	/**
	 * Tenant B's requests in one slice.
	 *
	 * @param requests requests sent
	 * @param failures requests that were not a 2xx (or got no answer)
	 * @param p50 median latency in milliseconds, of every request
	 * @param p95 95th percentile
	 * @param p99 99th percentile
	 * @param max slowest
	 * @param failureSamples the first few failures
	 */
	record Result(long requests, long failures, double p50, double p95, double p99, double max,
			List<String> failureSamples) {
	}

}
