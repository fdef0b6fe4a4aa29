package dev.sponge.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Linux {@code /proc} figures of another process: CPU time and resident memory. Reading
 * them costs the measured process nothing.
 */
final class ProcessStats {

	/** USER_HZ: the unit of utime and stime; 100 on every Linux this runs on. */
	private static final double TICKS_PER_SECOND = 100.0;

	private ProcessStats() {
	}

	/** User plus system CPU seconds the process has used so far, -1 if it is gone. */
	static double cpuSeconds(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
			// Fields after the parenthesised command name, which may itself hold spaces.
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	/** Current resident set size in MiB, -1 if the process is gone. */
	static double rssMiB(long pid) {
		return statusKiB(pid, "VmRSS:") / 1024.0;
	}

	/** Peak resident set size (high-water mark) in MiB, -1 if the process is gone. */
	static double peakRssMiB(long pid) {
		return statusKiB(pid, "VmHWM:") / 1024.0;
	}

	private static double statusKiB(long pid, String field) {
		try {
			List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"));
			for (String line : lines) {
				if (line.startsWith(field)) {
					return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
				}
			}
			return -1024;
		}
		catch (IOException | RuntimeException ex) {
			return -1024;
		}
	}

	/** The one-minute load average of the machine. */
	static double loadAverage() {
		try {
			return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

}
