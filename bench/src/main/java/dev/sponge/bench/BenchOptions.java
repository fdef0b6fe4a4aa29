package dev.sponge.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What one benchmark run does; every field is a command-line flag of {@link BenchMain}.
 *
 * @param duration measured ingest time of each ingest path
 * @param warmup unmeasured ingest before the first measured phase of each process (JIT)
 * @param clients concurrent HTTP clients (and concurrent driver "requests")
 * @param minPoints fewest points in one request
 * @param maxPoints most points in one request
 * @param minSeries fewest series in one request
 * @param maxSeries most series in one request
 * @param seriesCount series each ingest path writes to (a request picks a subset)
 * @param queryRepeats measured repetitions of each query
 * @param edge whether the lighttpd paths run
 * @param soak minutes of sustained NDJSON ingest (issue 8), 0 for none
 * @param uploadPoints points of one NDJSON upload to a service at {@code -Xmx256m}, 0 for
 * none
 * @param output directory the report files are written to
 */
public record BenchOptions(Duration duration, Duration warmup, int clients, int minPoints, int maxPoints, int minSeries,
		int maxSeries, int seriesCount, int queryRepeats, boolean edge, int soak, long uploadPoints, Path output) {

	/** The default run: about five minutes on the two-core reference machine. */
	public static BenchOptions defaults() {
		return new BenchOptions(Duration.ofSeconds(40), Duration.ofSeconds(15), 8, 1_000, 10_000, 10, 100, 100, 50,
				true, 0, 0, Path.of("bench/target"));
	}

	/** Under a minute: the CI smoke run. */
	public BenchOptions quick() {
		return new BenchOptions(Duration.ofSeconds(3), Duration.ZERO, 4, this.minPoints, this.maxPoints, this.minSeries,
				this.maxSeries, this.seriesCount, 5, this.edge, this.soak, this.uploadPoints, this.output);
	}

	/**
	 * Parses {@code --name value} flags over {@link #defaults()}.
	 * @param args the command line
	 * @return the options
	 * @throws IllegalArgumentException for an unknown flag or a bad value
	 */
	public static BenchOptions parse(String... args) {
		BenchOptions o = defaults();
		List<String> rest = new ArrayList<>(List.of(args));
		if (rest.remove("--quick")) {
			o = o.quick();
		}
		for (int i = 0; i < rest.size(); i++) {
			String flag = rest.get(i);
			if (flag.equals("--no-edge")) {
				o = o.with(o.duration, o.clients, o.minPoints, o.maxPoints, o.minSeries, o.maxSeries, false, o.soak,
						o.uploadPoints);
				continue;
			}
			if (i + 1 >= rest.size()) {
				throw new IllegalArgumentException(flag + " needs a value; see --help");
			}
			String value = rest.get(++i);
			o = switch (flag) {
				case "--duration" -> o.with(Duration.ofSeconds(positive(flag, value)), o.clients, o.minPoints,
						o.maxPoints, o.minSeries, o.maxSeries, o.edge, o.soak, o.uploadPoints);
				case "--clients" -> o.with(o.duration, (int) positive(flag, value), o.minPoints, o.maxPoints,
						o.minSeries, o.maxSeries, o.edge, o.soak, o.uploadPoints);
				case "--points" -> {
					int[] range = range(flag, value);
					yield o.with(o.duration, o.clients, range[0], range[1], o.minSeries, o.maxSeries, o.edge, o.soak,
							o.uploadPoints);
				}
				case "--series-per-request" -> {
					int[] range = range(flag, value);
					yield o.with(o.duration, o.clients, o.minPoints, o.maxPoints, range[0], range[1], o.edge, o.soak,
							o.uploadPoints);
				}
				case "--series" -> new BenchOptions(o.duration, o.warmup, o.clients, o.minPoints, o.maxPoints,
						o.minSeries, o.maxSeries, (int) positive(flag, value), o.queryRepeats, o.edge, o.soak,
						o.uploadPoints, o.output);
				case "--query-repeats" -> new BenchOptions(o.duration, o.warmup, o.clients, o.minPoints, o.maxPoints,
						o.minSeries, o.maxSeries, o.seriesCount, (int) positive(flag, value), o.edge, o.soak,
						o.uploadPoints, o.output);
				case "--warmup" -> new BenchOptions(o.duration, Duration.ofSeconds(Long.parseLong(value)), o.clients,
						o.minPoints, o.maxPoints, o.minSeries, o.maxSeries, o.seriesCount, o.queryRepeats, o.edge,
						o.soak, o.uploadPoints, o.output);
				case "--soak" -> o.with(o.duration, o.clients, o.minPoints, o.maxPoints, o.minSeries, o.maxSeries,
						o.edge, (int) positive(flag, value), o.uploadPoints);
				case "--upload" -> o.with(o.duration, o.clients, o.minPoints, o.maxPoints, o.minSeries, o.maxSeries,
						o.edge, o.soak, positive(flag, value));
				case "--output" ->
					new BenchOptions(o.duration, o.warmup, o.clients, o.minPoints, o.maxPoints, o.minSeries,
							o.maxSeries, o.seriesCount, o.queryRepeats, o.edge, o.soak, o.uploadPoints, Path.of(value));
				default -> throw new IllegalArgumentException("Unknown flag " + flag + "; see --help");
			};
		}
		if (o.maxSeries > o.seriesCount || o.minSeries > o.maxSeries || o.minPoints > o.maxPoints
				|| o.minPoints < o.maxSeries) {
			throw new IllegalArgumentException("Need series-per-request min <= max <= --series, points min <= max, "
					+ "and at least one point per series: " + o);
		}
		return o;
	}

	/** Usage text of {@code --help}. */
	static String usage() {
		return """
				./bench/run [--quick] [--duration SECONDS] [--clients N] [--points MIN-MAX]
				            [--series-per-request MIN-MAX] [--series N] [--query-repeats N] [--warmup SECONDS]
				            [--no-edge] [--soak MINUTES] [--upload POINTS] [--output DIR]
				  defaults: --duration 40 --clients 8 --points 1000-10000 --series-per-request 10-100
				            --series 100 --query-repeats 50 --warmup 15 --output bench/target (about 5 minutes)
				  --quick   3 s per ingest path, no warm-up, 5 query repeats (under a minute; CI's smoke run)
				  --soak    sustained NDJSON ingest through the service for MINUTES (heap sampled over time)
				  --upload  one NDJSON upload of POINTS points to a service started with -Xmx256m
				""";
	}

	private BenchOptions with(Duration newDuration, int newClients, int newMinPoints, int newMaxPoints,
			int newMinSeries, int newMaxSeries, boolean newEdge, int newSoak, long newUpload) {
		return new BenchOptions(newDuration, this.warmup, newClients, newMinPoints, newMaxPoints, newMinSeries,
				newMaxSeries, this.seriesCount, this.queryRepeats, newEdge, newSoak, newUpload, this.output);
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

	private static int[] range(String flag, String value) {
		String[] parts = value.split("-", 2);
		int min = (int) positive(flag, parts[0]);
		int max = (parts.length == 2) ? (int) positive(flag, parts[1]) : min;
		return new int[] { min, max };
	}

}
