package dev.sponge.cassandra;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.connection.ClosedConnectionException;
import com.datastax.oss.driver.api.core.connection.HeartbeatException;
import com.datastax.oss.driver.api.core.context.DriverContext;
import com.datastax.oss.driver.api.core.retry.RetryDecision;
import com.datastax.oss.driver.api.core.retry.RetryPolicy;
import com.datastax.oss.driver.api.core.servererrors.CoordinatorException;
import com.datastax.oss.driver.api.core.servererrors.ReadFailureException;
import com.datastax.oss.driver.api.core.servererrors.WriteFailureException;
import com.datastax.oss.driver.api.core.servererrors.WriteType;
import com.datastax.oss.driver.api.core.session.Request;

/**
 * The driver's default retry decisions, except that a write timeout is retried once on
 * the next coordinator. The driver asks the policy about write timeouts, aborted requests
 * and error responses only for idempotent statements, and every Sponge write is an
 * idempotent upsert, so writing it twice is harmless; the default policy gives up on a
 * write timeout because it cannot know that. A replica that dies while a write is in
 * flight therefore costs latency, not an error.
 */
public class IdempotentWriteRetryPolicy implements RetryPolicy {

	/**
	 * Instantiated by the driver, which looks for this constructor.
	 * @param context the driver context
	 * @param profileName the execution profile using this policy
	 */
	public IdempotentWriteRetryPolicy(DriverContext context, String profileName) {
	}

	/**
	 * As the default: retry once when enough replicas answered but the data was not among
	 * the answers.
	 */
	@Override
	@Deprecated
	public RetryDecision onReadTimeout(Request request, ConsistencyLevel cl, int blockFor, int received,
			boolean dataPresent, int retryCount) {
		return (retryCount == 0 && received >= blockFor && !dataPresent) ? RetryDecision.RETRY_SAME
				: RetryDecision.RETHROW;
	}

	@Override
	@Deprecated
	public RetryDecision onWriteTimeout(Request request, ConsistencyLevel cl, WriteType writeType, int blockFor,
			int received, int retryCount) {
		return (retryCount == 0) ? RetryDecision.RETRY_NEXT : RetryDecision.RETHROW;
	}

	/**
	 * As the default: the next coordinator may have a fresher view of which replicas are
	 * alive.
	 */
	@Override
	@Deprecated
	public RetryDecision onUnavailable(Request request, ConsistencyLevel cl, int required, int alive, int retryCount) {
		return (retryCount == 0) ? RetryDecision.RETRY_NEXT : RetryDecision.RETHROW;
	}

	/**
	 * As the default: a connection that closed or stopped answering heartbeats means a
	 * dead coordinator.
	 */
	@Override
	@Deprecated
	public RetryDecision onRequestAborted(Request request, Throwable error, int retryCount) {
		return (error instanceof ClosedConnectionException || error instanceof HeartbeatException)
				? RetryDecision.RETRY_NEXT : RetryDecision.RETHROW;
	}

	/**
	 * As the default: overloaded or failing coordinators are skipped, replica failures
	 * are final.
	 */
	@Override
	@Deprecated
	public RetryDecision onErrorResponse(Request request, CoordinatorException error, int retryCount) {
		return (error instanceof ReadFailureException || error instanceof WriteFailureException) ? RetryDecision.RETHROW
				: RetryDecision.RETRY_NEXT;
	}

	@Override
	public void close() {
	}

}
