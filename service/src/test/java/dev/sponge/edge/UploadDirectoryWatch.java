package dev.sponge.edge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Watches lighttpd's upload directory while a request runs and remembers the most it held
 * at any moment: the request bodies the edge stored on disk. lighttpd deletes a stored
 * body when its request ends, so a look afterwards alone would miss it.
 */
final class UploadDirectoryWatch implements AutoCloseable {

	private static final long INTERVAL_MILLIS = 5;

	private final Path directory;

	private final AtomicLong largest = new AtomicLong();

	private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();

	private UploadDirectoryWatch(Path directory) {
		this.directory = directory;
		this.sampler.scheduleWithFixedDelay(this::sample, 0, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
	}

	static UploadDirectoryWatch of(LighttpdProcess edge) {
		return new UploadDirectoryWatch(edge.uploadDirectory());
	}

	/** The most bytes the directory held, in any sample so far or now. */
	long largestBytes() {
		sample();
		return this.largest.get();
	}

	/** The bytes the directory holds now. */
	long bytesNow() {
		try (Stream<Path> files = Files.list(this.directory)) {
			return files.mapToLong(UploadDirectoryWatch::size).sum();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void sample() {
		this.largest.accumulateAndGet(bytesNow(), Math::max);
	}

	private static long size(Path file) {
		try {
			return Files.size(file);
		}
		catch (NoSuchFileException ex) {
			return 0; // deleted since it was listed: its request ended
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		this.sampler.shutdownNow();
	}

}
