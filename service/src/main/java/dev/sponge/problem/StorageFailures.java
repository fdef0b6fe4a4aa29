package dev.sponge.problem;

import java.time.Duration;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.RequestThrottlingException;
import com.datastax.oss.driver.api.core.connection.ClosedConnectionException;
import com.datastax.oss.driver.api.core.connection.HeartbeatException;
import com.datastax.oss.driver.api.core.servererrors.QueryConsistencyException;
import com.datastax.oss.driver.api.core.servererrors.UnavailableException;
import reactor.core.Exceptions;

/**
 * Which driver failures mean "Cassandra is unavailable or overloaded" (503, retry later)
 * rather than a bug (500).
 */
public final class StorageFailures {

	/** Retry hint for storage overload; short because throttling clears quickly. */
	static final Duration RETRY_AFTER = Duration.ofSeconds(1);

	private StorageFailures() {
	}

	/**
	 * The storage failure in {@code ex}'s cause chain, or {@code null}. Reactor's
	 * composite of several failures (concurrent writes that all timed out, say) counts if
	 * one of them is a storage failure.
	 */
	public static Throwable causeOf(Throwable ex) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t instanceof RequestThrottlingException || t instanceof AllNodesFailedException
					|| t instanceof DriverTimeoutException || t instanceof UnavailableException
					|| t instanceof QueryConsistencyException || t instanceof ClosedConnectionException
					|| t instanceof HeartbeatException) {
				return t;
			}
			if (Exceptions.isMultiple(t)) {
				for (Throwable one : Exceptions.unwrapMultiple(t)) {
					Throwable storage = causeOf(one);
					if (storage != null) {
						return storage;
					}
				}
			}
		}
		return null;
	}

	/** The 503 problem for a storage failure. */
	public static ApiProblem unavailable(Throwable storageFailure) {
		return ApiProblem.unavailable(
				"Storage is unavailable or overloaded (" + storageFailure.getClass().getSimpleName() + "); retry later",
				RETRY_AFTER);
	}

}
