package dev.sponge.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one benchmark run does; every field is a command-line flag of {@link BenchMain}.
 *
 * @param duration measured ingest time of each ingest path, summed over the rounds
 * @param warmup unmeasured ingest before the first measured phase of each process (JIT)
 * @param rounds rounds the measured ingest is split into; each round runs a slice of
 * every path in turn
 * @param clients concurrent HTTP clients (and concurrent driver "requests")
 * @param minPoints fewest points in one request
 * @param maxPoints most points in one request
 * @param minSeries fewest series in one request
 * @param maxSeries most series in one request
 * @param seriesCount series each ingest path writes to (a request picks a subset); not
 * the remote-write paths, which have {@link IngestPhases#REMOTE_WRITE_SERIES}
 * @param newSeriesPoints points of each series in the new-series phase
 * @param queryRepeats measured repetitions of the latest and raw queries (aggregations:
 * half as many)
 * @param queryWarmup how long each query runs unmeasured first (every source in turn, at
 * least once each), so the service's query code is compiled as in a service that has been
 * answering dashboards, as the driver's read path is after the ingest
 * @param lagBound the rollup lag every phase must stay within and return to
 * @param edge whether the lighttpd paths run
 * @param paths the ingest paths besides the driver baseline to measure (names of
 * {@link #PATHS}); all of them by default
 * @param soak minutes of sustained NDJSON ingest (issue 8), 0 for none
 * @param uploadPoints points of one NDJSON upload to a service at {@code -Xmx256m}, 0 for
 * none
 * @param output directory the report files are written to
 * @param fairness how long tenant B's probe runs alone and past each limit of tenant A in
 * the fairness phase (issue 13); zero for none
 * @param fairnessRate tenant A's offered requests per second in the fairness phase's
 * bounded slices; each limit also gets a slice where A floods (no bound); zero for the
 * floods only
 * @param promql whether the PromQL phase runs (issue 15): 24-hour range queries of 100
 * series and a {@code sum by} over 1,000, against the bare driver, with Debian's
 * Prometheus beside
 * @param promqlRepeats measured repetitions of each PromQL query
 */
public record BenchOptions(Duration duration, Duration warmup, int rounds, int clients, int minPoints, int maxPoints,
		int minSeries, int maxSeries, int seriesCount, int newSeriesPoints, int queryRepeats, Duration queryWarmup,
		Duration lagBound, boolean edge, List<String> paths, int soak, long uploadPoints, Path output,
		Duration fairness, int fairnessRate, boolean promql, int promqlRepeats) {

	/**
	 * The ingest paths {@code --paths} chooses from; the driver baseline always runs, the
	 * lighttpd ones only with the edge.
	 */
	static final List<String> PATHS = List.of("json", "ndjson", "edge-json", "edge-ndjson", "dense", "new-series",
			"remote-write");

	/** The default run: about eight minutes on the two-core reference machine. */
	public static BenchOptions defaults() {
		return new Builder().build();
	}

	/** Measured time of one path in one round. */
	Duration slice() {
		return this.duration.dividedBy(this.rounds);
	}

	/** Measured repetitions of each aggregation query. */
	int aggregationRepeats() {
		return Math.max(1, this.queryRepeats / 2);
	}

	/** The flags in effect, for the report. */
	Map<String, Object> summary() {
		Map<String, Object> flags = new LinkedHashMap<>();
		flags.put("durationSeconds", this.duration.toSeconds());
		flags.put("rounds", this.rounds);
		flags.put("warmupSeconds", this.warmup.toSeconds());
		flags.put("clients", this.clients);
		flags.put("pointsPerRequest", this.minPoints + "-" + this.maxPoints);
		flags.put("seriesPerRequest", this.minSeries + "-" + this.maxSeries);
		flags.put("seriesPerPath", this.seriesCount);
		flags.put("newSeriesPoints", this.newSeriesPoints);
		flags.put("queryRepeats", this.queryRepeats);
		flags.put("queryWarmupSeconds", this.queryWarmup.toSeconds());
		flags.put("lagBoundSeconds", this.lagBound.toSeconds());
		flags.put("edge", this.edge);
		if (!this.paths.equals(PATHS)) {
			flags.put("paths", String.join(",", this.paths));
		}
		flags.put("soakMinutes", this.soak);
		flags.put("uploadPoints", this.uploadPoints);
		flags.put("fairnessSeconds", this.fairness.toSeconds());
		flags.put("fairnessRate", this.fairnessRate);
		flags.put("promql", this.promql);
		if (this.promql) {
			flags.put("promqlRepeats", this.promqlRepeats);
		}
		return flags;
	}

	/**
	 * Parses {@code --name value} flags over {@link #defaults()}.
	 * @param args the command line
	 * @return the options
	 * @throws IllegalArgumentException for an unknown flag or a bad value
	 */
	public static BenchOptions parse(String... args) {
		Builder o = new Builder();
		List<String> rest = new ArrayList<>(List.of(args));
		if (rest.remove("--quick")) {
			o.quick();
		}
		for (int i = 0; i < rest.size(); i++) {
			String flag = rest.get(i);
			if (flag.equals("--no-edge")) {
				o.edge = false;
				continue;
			}
			if (flag.equals("--promql")) {
				o.promql = true;
				continue;
			}
			if (flag.equals("--no-promql")) {
				o.promql = false;
				continue;
			}
			if (i + 1 >= rest.size()) {
				throw new IllegalArgumentException(flag + " needs a value; see --help");
			}
			String value = rest.get(++i);
			switch (flag) {
				case "--duration" -> o.duration = Duration.ofSeconds(positive(flag, value));
				case "--warmup" -> o.warmup = Duration.ofSeconds(Long.parseLong(value));
				case "--rounds" -> o.rounds = (int) positive(flag, value);
				case "--clients" -> o.clients = (int) positive(flag, value);
				case "--points" -> {
					int[] range = range(flag, value);
					o.minPoints = range[0];
					o.maxPoints = range[1];
				}
				case "--series-per-request" -> {
					int[] range = range(flag, value);
					o.minSeries = range[0];
					o.maxSeries = range[1];
				}
				case "--series" -> o.seriesCount = (int) positive(flag, value);
				case "--new-series-points" -> o.newSeriesPoints = (int) positive(flag, value);
				case "--query-repeats" -> o.queryRepeats = (int) positive(flag, value);
				case "--query-warmup" -> o.queryWarmup = Duration.ofSeconds(Long.parseLong(value));
				case "--lag-bound" -> o.lagBound = Duration.ofSeconds(positive(flag, value));
				case "--soak" -> o.soak = (int) positive(flag, value);
				case "--upload" -> o.uploadPoints = positive(flag, value);
				case "--output" -> o.output = Path.of(value);
				case "--paths" -> o.paths = paths(value);
				case "--fairness" -> o.fairness = Duration.ofSeconds(Long.parseLong(value));
				case "--fairness-rate" -> o.fairnessRate = Integer.parseInt(value);
				case "--promql-repeats" -> {
					o.promqlRepeats = (int) positive(flag, value);
					o.promql = true;
				}
				default -> throw new IllegalArgumentException("Unknown flag " + flag + "; see --help");
			}
		}
		BenchOptions options = o.build();
		if (options.maxSeries > options.seriesCount || options.minSeries > options.maxSeries
				|| options.minPoints > options.maxPoints || options.minPoints < options.maxSeries
				|| options.minPoints < options.newSeriesPoints) {
			throw new IllegalArgumentException("Need series-per-request min <= max <= --series, points min <= max, "
					+ "and at least one point per series (and --new-series-points at most the fewest points): "
					+ options);
		}
		if (options.duration.toMillis() / options.rounds < 500) {
			throw new IllegalArgumentException("--duration / --rounds must leave at least half a second per slice");
		}
		return options;
	}

	/** Usage text of {@code --help}. */
	static String usage() {
		return """
				./bench/run [--quick] [--duration SECONDS] [--rounds N] [--clients N] [--points MIN-MAX]
				            [--series-per-request MIN-MAX] [--series N] [--new-series-points N]
				            [--query-repeats N] [--query-warmup SECONDS] [--lag-bound SECONDS] [--warmup SECONDS]
				            [--no-edge] [--paths LIST] [--soak MINUTES] [--upload POINTS] [--fairness SECONDS]
				            [--fairness-rate N] [--promql] [--promql-repeats N] [--no-promql] [--output DIR]
				  defaults: --duration 40 --rounds 4 --clients 8 --points 1000-10000 --series-per-request 10-100
				            --series 100 --new-series-points 10 --query-repeats 200 --query-warmup 20
				            --lag-bound 10 --warmup 15
				            --output bench/target (about 8 minutes)
				  --duration  measured seconds of each ingest path, in --rounds slices that alternate the paths
				  --paths     ingest paths to measure besides the driver baseline, comma-separated among
				              json,ndjson,edge-json,edge-ndjson,dense,new-series,remote-write (default: all);
				              remote-write: driver and service (POST /api/v1/write) with Prometheus-shaped requests,
				              500-2,000 of 10,000 series with one sample each (--points and --series do not apply)
				  --quick     3 s per ingest path in 2 rounds, no warm-up, 10 query repeats (CI's smoke run)
				  --query-warmup  seconds each query runs unmeasured (sources in turn) before the measured ones
				  --lag-bound seconds of rollup lag (sponge_rollups_lag_seconds) every phase must stay within
				  --soak      sustained NDJSON ingest through the service for MINUTES (heap and direct memory
				              sampled every minute)
				  --upload    one NDJSON upload of POINTS points to a service started with -Xmx256m
				  --fairness  afterwards, tenant B's probe for SECONDS alone, then for SECONDS while tenant A
				              (--clients careless clients) is past each per-tenant limit in turn (--quick: 3)
				  --fairness-rate  tenant A's offered requests per second in the bounded slice of each limit
				              (default 200); every limit also gets a slice where A floods; 0: floods only
				  --promql    afterwards, the PromQL phase: 24 h range queries of 100 series and a sum by over
				              1,000 series (30 s data), service and Debian's Prometheus against the bare driver
				              (on in --quick; --no-promql turns it off)
				  --promql-repeats  measured repetitions of each PromQL query (default 20; implies --promql)
				""";
	}

	private static long positive(String flag, String value) {
		try {
			long parsed = Long.parseLong(value);
			if (parsed > 0) {
				return parsed;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new IllegalArgumentException(flag + " must be a positive whole number, got '" + value + "'");
	}

	private static List<String> paths(String value) {
		List<String> chosen = List.of(value.split(","));
		for (String path : chosen) {
			if (!PATHS.contains(path)) {
				throw new IllegalArgumentException("--paths takes names among " + PATHS + ", got '" + path + "'");
			}
		}
		return PATHS.stream().filter(chosen::contains).toList();
	}

	/** Whether the ingest path named {@code path} (one of {@link #PATHS}) runs. */
	boolean runs(String path) {
		return this.paths.contains(path) && (this.edge || !path.startsWith("edge-"));
	}

	private static int[] range(String flag, String value) {
		String[] parts = value.split("-", 2);
		int min = (int) positive(flag, parts[0]);
		int max = (parts.length == 2) ? (int) positive(flag, parts[1]) : min;
		return new int[] { min, max };
	}

	/** The defaults, changed flag by flag. */
	private static final class Builder {

		private Duration duration = Duration.ofSeconds(40);

		private Duration warmup = Duration.ofSeconds(15);

		private int rounds = 4;

		private int clients = 8;

		private int minPoints = 1_000;

		private int maxPoints = 10_000;

		private int minSeries = 10;

		private int maxSeries = 100;

		private int seriesCount = 100;

		// A few points per series: the new-series phase measures registration, not
		// writes.
		private int newSeriesPoints = 10;

		// p99 of 200 samples is the third-largest, not the maximum.
		private int queryRepeats = 200;

		// A service that answers dashboards has its query code compiled (the driver's
		// read path is warm from the ingest). With 300 warm-up requests, the service's
		// own time for latest-of-100 was still falling: 16 ms over the first 50 requests,
		// 6 ms over the last 50 of 500.
		private Duration queryWarmup = Duration.ofSeconds(20);

		private Duration lagBound = Duration.ofSeconds(10);

		private boolean edge = true;

		private List<String> paths = PATHS;

		private int soak;

		private long uploadPoints;

		private Path output = Path.of("bench/target");

		private Duration fairness = Duration.ZERO;

		private int fairnessRate = 200;

		private boolean promql;

		// Each repetition of the 24-hour queries reads about 290,000 rows three times
		// (driver, service, Prometheus): seconds, not milliseconds.
		private int promqlRepeats = 20;

		/** Under two minutes: the CI smoke run; every phase runs, briefly. */
		void quick() {
			this.duration = Duration.ofSeconds(3);
			this.warmup = Duration.ZERO;
			this.rounds = 2;
			this.clients = 4;
			this.queryRepeats = 10;
			this.queryWarmup = Duration.ZERO;
			this.fairness = Duration.ofSeconds(3);
			this.promql = true;
			this.promqlRepeats = 2;
		}

		BenchOptions build() {
			return new BenchOptions(this.duration, this.warmup, this.rounds, this.clients, this.minPoints,
					this.maxPoints, this.minSeries, this.maxSeries, this.seriesCount, this.newSeriesPoints,
					this.queryRepeats, this.queryWarmup, this.lagBound, this.edge, this.paths, this.soak,
					this.uploadPoints, this.output, this.fairness, this.fairnessRate, this.promql, this.promqlRepeats);
		}

	}

}
