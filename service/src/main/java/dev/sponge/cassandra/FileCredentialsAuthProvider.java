package dev.sponge.cassandra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.datastax.oss.driver.api.core.auth.PlainTextAuthProviderBase;
import com.datastax.oss.driver.api.core.metadata.EndPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PasswordAuthenticator credentials from two files, read again every refresh interval on
 * a thread of its own (the driver asks for credentials on its I/O threads, which must not
 * block on file reads). Each new connection authenticates with the latest credentials;
 * open connections keep the session they have.
 */
final class FileCredentialsAuthProvider extends PlainTextAuthProviderBase {

	private static final Logger log = LoggerFactory.getLogger(FileCredentialsAuthProvider.class);

	private final Path usernameFile;

	private final Path passwordFile;

	private final AtomicReference<String[]> current = new AtomicReference<>();

	private final ScheduledExecutorService refresher;

	FileCredentialsAuthProvider(Path usernameFile, Path passwordFile, Duration refreshInterval) {
		super("sponge");
		this.usernameFile = usernameFile;
		this.passwordFile = passwordFile;
		String[] initial = read();
		if (initial == null) {
			throw new IllegalStateException("Cannot read the Cassandra credentials from " + usernameFile + " and "
					+ passwordFile + " (sponge.cassandra.credentials.*)");
		}
		this.current.set(initial);
		this.refresher = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "sponge-cassandra-credentials");
			thread.setDaemon(true);
			return thread;
		});
		long millis = refreshInterval.toMillis();
		this.refresher.scheduleWithFixedDelay(this::refreshQuietly, millis, millis, TimeUnit.MILLISECONDS);
	}

	@Override
	protected Credentials getCredentials(EndPoint endPoint, String serverAuthenticator) {
		String[] credentials = this.current.get();
		// The driver clears the arrays after use, so every connection gets fresh ones.
		return new Credentials(credentials[0].toCharArray(), credentials[1].toCharArray());
	}

	/** Reads the files now (also done periodically). */
	void refresh() {
		String[] read = read();
		if (read == null) {
			return;
		}
		String[] previous = this.current.getAndSet(read);
		if (!read[0].equals(previous[0]) || !read[1].equals(previous[1])) {
			log.info("Cassandra credentials changed (role {}); new connections use them", read[0]);
		}
	}

	/** A failing run must not end the schedule, which an escaping exception would. */
	private void refreshQuietly() {
		try {
			refresh();
		}
		catch (RuntimeException | Error ex) {
			log.warn("Refreshing the Cassandra credentials failed: {}", ex.toString());
		}
	}

	private String[] read() {
		try {
			String username = Files.readString(this.usernameFile, StandardCharsets.UTF_8).strip();
			String password = Files.readString(this.passwordFile, StandardCharsets.UTF_8).strip();
			if (username.isEmpty() || password.isEmpty()) {
				log.warn("Cassandra credential files are empty; keeping the previous credentials");
				return null;
			}
			return new String[] { username, password };
		}
		catch (IOException ex) {
			log.warn("Cannot read the Cassandra credential files ({}); keeping the previous credentials",
					ex.getClass().getSimpleName());
			return null;
		}
	}

	/**
	 * Nothing: the driver closes its auth provider with each session, and the service's
	 * start-up session (keyspace creation) closes before the real one opens; the refresh
	 * must outlive it. {@link #stop()} ends it with the application.
	 */
	@Override
	public void close() {
	}

	/** Stops re-reading the files. */
	void stop() {
		this.refresher.shutdownNow();
	}

}
