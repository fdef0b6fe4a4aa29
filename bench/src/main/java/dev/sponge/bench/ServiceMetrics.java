package dev.sponge.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.DoubleStream;

/**
 * Reads the service's own gauges from Actuator's {@code /actuator/prometheus} on the
 * management port, as Prometheus would. Each scrape asks only for the names it needs
 * ({@code includedNames}), so sampling every second costs the measured service little.
 */
final class ServiceMetrics {

	/** Seconds the oldest due rollup work is late; 0 when the rollups are caught up. */
	static final String ROLLUP_LAG = "sponge_rollups_lag_seconds";

	/** Micrometer's JVM buffer pools; {@code id="direct"} is the JVM's direct memory. */
	static final String JVM_BUFFER_USED = "jvm_buffer_memory_used_bytes";

	/** Reactor Netty's pooled allocators, exported when its allocator metrics are on. */
	static final String NETTY_DIRECT_USED = "reactor_netty_bytebuf_allocator_used_direct_memory";

	/**
	 * The Cassandra driver's request timer: its count is every request the service sent
	 * (a batch counts once).
	 */
	/** Micrometer's {@code jvm.compilation.time} (JvmCompilationMetrics). */
	static final String JIT_COMPILATION = "jvm_compilation_time_ms_total";

	static final String CQL_REQUESTS = "cassandra_session_cql_requests_seconds_count";

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})?\\s+(\\S+)");

	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

	private final String managementUrl;

	ServiceMetrics(String managementUrl) {
		this.managementUrl = managementUrl;
	}

	/**
	 * One scrape of the given metric names; an unreachable endpoint gives an empty scrape
	 * (every metric absent), never an exception: a missing figure is reported as n/a.
	 */
	Scrape scrape(String... names) {
		String query = "?includedNames=" + URLEncoder.encode(String.join(",", names), StandardCharsets.UTF_8);
		try {
			HttpResponse<String> response = this.http
				.send(HttpRequest.newBuilder(URI.create(this.managementUrl + "/actuator/prometheus" + query))
					.timeout(TIMEOUT)
					.build(), HttpResponse.BodyHandlers.ofString());
			return (response.statusCode() == 200) ? Scrape.parse(response.body()) : new Scrape(List.of());
		}
		catch (IOException ex) {
			return new Scrape(List.of());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Scrape(List.of());
		}
	}

	/** Requests the service has sent to Cassandra so far; absent if not exported. */
	OptionalDouble cassandraRequests() {
		return scrape("cassandra_session_cql_requests_seconds", CQL_REQUESTS).sum(CQL_REQUESTS, Map.of());
	}

	/**
	 * Milliseconds the service's JIT compilers have spent so far; NaN if not exported.
	 */
	double compileMillis() {
		return scrape("jvm_compilation_time_ms", JIT_COMPILATION).sum(JIT_COMPILATION, Map.of()).orElse(Double.NaN);
	}

	/** The rollup lag in seconds (the largest, should several series carry it). */
	OptionalDouble rollupLagSeconds() {
		return scrape(ROLLUP_LAG).max(ROLLUP_LAG, Map.of());
	}

	/**
	 * Direct memory in use: the JVM's direct buffer pool, and Reactor Netty's pooled
	 * allocators' direct memory where exported.
	 */
	DirectMemory directMemory() {
		Scrape scrape = scrape(JVM_BUFFER_USED, NETTY_DIRECT_USED);
		return new DirectMemory(mib(scrape.sum(JVM_BUFFER_USED, Map.of("id", "direct"))),
				mib(scrape.sum(NETTY_DIRECT_USED, Map.of())));
	}

	private static double mib(OptionalDouble bytes) {
		return bytes.isPresent() ? bytes.getAsDouble() / (1024 * 1024) : -1;
	}

	/**
	 * Direct memory of the service in MiB, -1 where not exported.
	 *
	 * @param jvmMiB {@code jvm_buffer_memory_used_bytes{id="direct"}}
	 * @param nettyMiB sum of {@code reactor_netty_bytebuf_allocator_used_direct_memory}
	 */
	record DirectMemory(double jvmMiB, double nettyMiB) {
	}

	/** One parsed scrape: every sample of the Prometheus text format. */
	record Scrape(List<Sample> samples) {

		static Scrape parse(String text) {
			List<Sample> samples = new ArrayList<>();
			for (String line : text.split("\n")) {
				if (line.isEmpty() || line.startsWith("#")) {
					continue;
				}
				Matcher m = SAMPLE.matcher(line);
				if (!m.find()) {
					continue;
				}
				Map<String, String> labels = new HashMap<>();
				if (m.group(3) != null) {
					Matcher label = LABEL.matcher(m.group(3));
					while (label.find()) {
						labels.put(label.group(1), label.group(2));
					}
				}
				try {
					samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4))));
				}
				catch (NumberFormatException ex) {
					// NaN and infinities are spelled differently; never a figure we
					// report.
				}
			}
			return new Scrape(samples);
		}

		OptionalDouble max(String name, Map<String, String> labels) {
			return matching(name, labels).max();
		}

		OptionalDouble sum(String name, Map<String, String> labels) {
			double[] values = matching(name, labels).toArray();
			return (values.length == 0) ? OptionalDouble.empty() : OptionalDouble.of(Arrays.stream(values).sum());
		}

		private DoubleStream matching(String name, Map<String, String> labels) {
			return this.samples.stream()
				.filter((s) -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
				.mapToDouble(Sample::value);
		}

	}

	/**
	 * One sample line.
	 *
	 * @param name metric name
	 * @param labels its labels
	 * @param value its value
	 */
	record Sample(String name, Map<String, String> labels, double value) {
	}

}
