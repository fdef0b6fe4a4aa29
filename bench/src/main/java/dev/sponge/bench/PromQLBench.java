package dev.sponge.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.netty.handler.codec.http.HttpHeaderNames;
import org.HdrHistogram.Histogram;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The PromQL phase (issue 15): range queries over {@link PromQLData}, asked of the
 * service's {@code /api/prom/api/v1/query_range} and of Debian's Prometheus holding the
 * same samples, against the bare driver reading the {@code points} rows the service reads
 * for the answer: every selected series' partitions over the query's range and its
 * 5-minute lookback, {@value #DRIVER_CONCURRENCY} series at a time (the service's
 * {@code sponge.query.merge-concurrency}), at the driver's default page size. The driver
 * knows the series ids; the service looks them up in its catalogue, evaluates the
 * expression and writes Prometheus' JSON. Sources take turns repetition by repetition
 * after a warm-up; only the time until the whole answer has arrived is measured, its
 * check (series and sample counts, and the sum of every value, compared between the
 * service and Prometheus) comes after.
 */
final class PromQLBench {

	/** The service's {@code sponge.query.merge-concurrency} default. */
	static final int DRIVER_CONCURRENCY = 16;

	static final String DRIVER = "driver";

	static final String SERVICE = "service direct";

	static final String PROMETHEUS = "Prometheus 2.42 (Debian)";

	static final String RANGE = "24 h of 100 series, 60 s step";

	static final String RATE = "24 h rate(5m) of 100 series, 60 s step";

	static final String SUM_BY = "sum by (group) of 1,000 series, 1 h, 60 s step";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final long STEP_MILLIS = 60_000;

	private static final long LOOKBACK_MILLIS = Duration.ofMinutes(5).toMillis();

	/** Relative difference under which two sums of the same values are equal. */
	private static final double SAME_SUM = 1e-9;

	private final PromQLData data;

	private final DriverReads driver;

	private final HttpClient service;

	private final Supplier<String> token;

	private final HttpClient prometheus;

	private final int repeats;

	private final Duration warmup;

	PromQLBench(PromQLData data, DriverReads driver, String serviceUrl, Supplier<String> token, String prometheusUrl,
			int repeats, Duration warmup) {
		this.data = data;
		this.driver = driver;
		this.service = HttpClient.create().baseUrl(serviceUrl).responseTimeout(Duration.ofMinutes(2));
		this.token = token;
		this.prometheus = HttpClient.create().baseUrl(prometheusUrl).responseTimeout(Duration.ofMinutes(2));
		this.repeats = repeats;
		this.warmup = warmup;
	}

	/** The three queries, each measured from the driver, the service and Prometheus. */
	List<Measured> run() {
		List<Measured> results = new ArrayList<>();
		results.add(measure(new Query(RANGE, PromQLData.RANGE_METRIC, this.data.rangeStart(),
				this.data.rangeSeriesIds(), PromQLData.RANGE_SERIES)));
		results.add(measure(new Query(RATE, "rate(" + PromQLData.RANGE_METRIC + "[5m])", this.data.rangeStart(),
				this.data.rangeSeriesIds(), PromQLData.RANGE_SERIES)));
		results.add(measure(new Query(SUM_BY, "sum by (group) (" + PromQLData.GROUP_METRIC + ")",
				this.data.groupStart(), this.data.groupSeriesIds(), PromQLData.GROUPS)));
		return results;
	}

	private Measured measure(Query query) {
		Benchmark.log("PromQL: " + query.expr());
		long end = this.data.end();
		long rows = query.seriesIds().size() * PromQLData.samples(query.start() - LOOKBACK_MILLIS, end);
		long steps = (end - query.start()) / STEP_MILLIS + 1;
		String uri = "/api/v1/query_range?query=" + URLEncoder.encode(query.expr(), StandardCharsets.UTF_8) + "&start="
				+ query.start() / 1000 + "&end=" + end / 1000 + "&step=" + STEP_MILLIS / 1000;
		List<Source> sources = List.of(
				new Source(DRIVER,
						() -> this.driver
							.ranges(this.data.tenant(), query.seriesIds(), query.start() - LOOKBACK_MILLIS, end + 1,
									DRIVER_CONCURRENCY)
							.map((count) -> new Answer(count, 0, Double.NaN)),
						rows, 0),
				new Source(SERVICE, () -> get(this.service, this.token, "/api/prom" + uri).map(PromQLBench::answer),
						query.series(), steps),
				new Source(PROMETHEUS, () -> get(this.prometheus, null, uri).map(PromQLBench::answer), query.series(),
						steps));
		Map<String, Answer> answers = new HashMap<>();
		List<Histogram> micros = new ArrayList<>();
		long[] failures = new long[sources.size()];
		sources.forEach((source) -> micros.add(new Histogram(3)));
		long warmupEnd = System.nanoTime() + this.warmup.toNanos();
		do {
			sources.forEach((source) -> run(query, source, answers));
		}
		while (System.nanoTime() - warmupEnd < 0);
		for (int i = 0; i < this.repeats; i++) {
			for (int s = 0; s < sources.size(); s++) {
				Timed timed = run(query, sources.get(s), answers);
				micros.get(s).recordValue(timed.micros());
				failures[s] += (timed.answer() == null) ? 1 : 0;
			}
		}
		List<Row> rowsOut = new ArrayList<>();
		for (int s = 0; s < sources.size(); s++) {
			Histogram h = micros.get(s);
			rowsOut
				.add(new Row(sources.get(s).name(), h.getTotalCount(), failures[s], h.getValueAtPercentile(50) / 1000.0,
						h.getValueAtPercentile(95) / 1000.0, h.getMaxValue() / 1000.0));
		}
		Answer none = new Answer(0, 0, Double.NaN);
		Answer fromService = answers.getOrDefault(SERVICE, none);
		Answer fromPrometheus = answers.getOrDefault(PROMETHEUS, none);
		double difference = Math.abs(fromService.sum() - fromPrometheus.sum())
				/ Math.max(Math.abs(fromPrometheus.sum()), Double.MIN_NORMAL);
		Map<String, Double> ratios = new LinkedHashMap<>();
		ratios.put(SERVICE + " / " + DRIVER, rowsOut.get(1).p50() / Math.max(rowsOut.get(0).p50(), 0.001));
		ratios.put(PROMETHEUS + " / " + DRIVER, rowsOut.get(2).p50() / Math.max(rowsOut.get(0).p50(), 0.001));
		return new Measured(query.name(), query.expr(), query.seriesIds().size(), rows, fromService.series(),
				fromService.samples(), fromService.sum(), fromPrometheus.sum(), difference <= SAME_SUM, rowsOut,
				ratios);
	}

	/**
	 * Runs the query once from the source, times it, then checks the answer's size and
	 * keeps it. An answer that is a 503 (the service's {@code sponge.query.deadline} on a
	 * machine too busy to answer in time) counts as a failure with the time it took (the
	 * client waited that long); a wrong answer stops the run.
	 */
	private static Timed run(Query query, Source source, Map<String, Answer> answers) {
		long start = System.nanoTime();
		Answer answer;
		try {
			answer = source.run().get().block(Duration.ofMinutes(2));
		}
		catch (IllegalStateException ex) {
			if (ex.getMessage() == null || !ex.getMessage().contains(": HTTP 503")) {
				throw ex;
			}
			Benchmark.log(query.name() + " via " + source.name() + ": " + ex.getMessage());
			return new Timed(null, (System.nanoTime() - start) / 1000);
		}
		long micros = (System.nanoTime() - start) / 1000;
		if (answer == null || answer.series() != source.series()
				|| (source.samplesPerSeries() > 0 && answer.samples() != source.series() * source.samplesPerSeries())) {
			throw new IllegalStateException(query.name() + " via " + source.name() + " returned " + answer
					+ ", expected " + source.series() + " series/rows of " + source.samplesPerSeries() + " samples");
		}
		answers.put(source.name(), answer);
		return new Timed(answer, micros);
	}

	/** The whole body of a 200 answer; anything else fails with its start. */
	private static Mono<byte[]> get(HttpClient client, Supplier<String> token, String uri) {
		HttpClient authorized = (token == null) ? client : client.headersWhen((headers) -> Mono
			.fromSupplier(() -> headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token.get())));
		return authorized.get()
			.uri(uri)
			.responseSingle((response, body) -> body.asByteArray().defaultIfEmpty(new byte[0]).flatMap((bytes) -> {
				if (response.status().code() != 200) {
					String text = new String(bytes, StandardCharsets.UTF_8);
					return Mono.error(new IllegalStateException("GET " + uri + ": HTTP " + response.status() + " "
							+ text.substring(0, Math.min(300, text.length()))));
				}
				return Mono.just(bytes);
			}));
	}

	/** Series, samples and the sum of every value of a {@code matrix} answer. */
	private static Answer answer(byte[] body) {
		JsonNode data = JSON.readTree(body).get("data");
		if (!"matrix".equals(data.get("resultType").asString())) {
			throw new IllegalStateException("Not a matrix: " + data.get("resultType"));
		}
		long samples = 0;
		double sum = 0;
		for (JsonNode series : data.get("result")) {
			for (JsonNode sample : series.get("values")) {
				samples++;
				sum += Double.parseDouble(sample.get(1).asString());
			}
		}
		return new Answer(data.get("result").size(), samples, sum);
	}

	private record Query(String name, String expr, long start, List<String> seriesIds, int series) {
	}

	/**
	 * One way of answering a query.
	 *
	 * @param series the series of a right answer (the driver: its rows)
	 * @param samplesPerSeries samples of each (0: not counted)
	 */
	private record Source(String name, Supplier<Mono<Answer>> run, long series, long samplesPerSeries) {
	}

	/** Series (or rows), samples and the sum of the values of one answer. */
	private record Answer(long series, long samples, double sum) {
	}

	private record Timed(Answer answer, long micros) {
	}

	/**
	 * Latency of one query from one source, in milliseconds.
	 *
	 * @param source {@value #DRIVER}, {@value #SERVICE} or {@value #PROMETHEUS}
	 * @param count measured repetitions
	 * @param failures of those, answers that were a 503 (counted with the time they took)
	 */
	record Row(String source, long count, long failures, double p50, double p95, double max) {
	}

	/**
	 * One query, measured.
	 *
	 * @param query its name
	 * @param expr the PromQL expression
	 * @param seriesRead series whose points the driver (and the service) read
	 * @param rowsRead {@code points} rows the driver read for one answer
	 * @param series series of the answer
	 * @param samples samples of the answer
	 * @param serviceSum sum of every value of the service's answer
	 * @param prometheusSum the same of Prometheus' answer
	 * @param answersAgree same series and samples (checked on every answer), and sums of
	 * the last answers equal within 1e-9
	 * @param latencies driver, service, Prometheus
	 * @param ratios p50 of the service and of Prometheus over the driver's
	 */
	record Measured(String query, String expr, int seriesRead, long rowsRead, long series, long samples,
			double serviceSum, double prometheusSum, boolean answersAgree, List<Row> latencies,
			Map<String, Double> ratios) {

		Double serviceOverDriver() {
			return this.ratios.get(SERVICE + " / " + DRIVER);
		}

	}

}
