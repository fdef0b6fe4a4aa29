package dev.sponge.bench;

import static dev.sponge.bench.ReportWriter.f;

/**
 * The memory part of the markdown report: the service's heap, RSS and direct memory, the
 * soak's minute-by-minute timeline and the large upload.
 */
final class MemoryMarkdown {

	private MemoryMarkdown() {
	}

	static void append(StringBuilder md, Report r) {
		ServiceMetrics.DirectMemory direct = r.serviceDirectMemory();
		md.append(f(
				"%nService (-Xmx512m): heap peak %d MiB, RSS peak %.0f MiB; direct memory at the end: %s "
						+ "(`%s{id=\"direct\"}`), Netty's pooled allocators: %s (`%s`).%n",
				r.serviceHeapPeakMiB(), r.serviceRssPeakMiB(), exported(direct.jvmMiB()),
				ServiceMetrics.JVM_BUFFER_USED, exported(direct.nettyMiB()), ServiceMetrics.NETTY_DIRECT_USED));
		if (r.soak() != null) {
			Soak.Result s = r.soak();
			md.append(f(
					"%nSoak: %d minutes of NDJSON, %,d points at %,.0f points/s, %d errors; live heap growth "
							+ "%d MiB (%s); direct memory growth %s MiB (%s).%n%n"
							+ "| minute | points/s | live heap MiB | heap peak MiB | direct MiB | Netty direct MiB "
							+ "| RSS MiB |%n| ---: | ---: | ---: | ---: | ---: | ---: | ---: |%n",
					s.minutes().size(), s.phase().points(), s.phase().pointsPerSecond(), s.phase().errors(),
					s.liveHeapGrowthMiB(), s.heapFlat() ? "flat" : "NOT flat",
					(s.directFlat() == null) ? "n/a" : f("%.0f", s.directGrowthMiB()),
					(s.directFlat() == null) ? "not exported" : (s.directFlat() ? "flat" : "NOT flat")));
			s.minutes()
				.forEach((m) -> md.append(f("| %d | %,.0f | %d | %d | %s | %s | %.0f |%n", m.index(),
						m.pointsPerSecond(), m.liveHeapMiB(), m.peakHeapMiB(), mib(m.directMiB()),
						mib(m.nettyDirectMiB()), m.rssMiB())));
		}
		if (r.upload() != null) {
			Upload.Result u = r.upload();
			md.append(f(
					"%nUpload: %,d points as one NDJSON stream at -Xmx256m: %s in %.0f s (%,.0f points/s), "
							+ "heap peak %d MiB, RSS peak %.0f MiB.%n",
					u.points(), u.succeeded() ? "succeeded" : "FAILED (" + u.error() + ")", u.seconds(),
					u.pointsPerSecond(), u.heapPeakMiB(), u.rssPeakMiB()));
		}
	}

	private static String exported(double value) {
		return (value < 0) ? "not exported" : f("%.1f MiB", value);
	}

	/** MiB with one decimal, n/a for a figure the service does not export (-1). */
	private static String mib(double value) {
		return (value < 0) ? "n/a" : f("%.1f", value);
	}

}
