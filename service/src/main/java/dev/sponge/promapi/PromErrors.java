package dev.sponge.promapi;

import java.time.Duration;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import dev.sponge.problem.ApiProblem;
import dev.sponge.problem.StorageFailures;
import dev.sponge.promql.PromQLException;

/**
 * Failures as Prometheus answers them: 400 {@code bad_data} for a query or parameter that
 * is not valid, 422 {@code execution} for a valid query that cannot be answered (an
 * unsupported construct, or beyond one of the tenant's or the instance's query limits),
 * 503 {@code unavailable} (and 429 for the tenant's concurrent-query limit and read rate)
 * with {@code Retry-After} when Cassandra or the query deadline fails it. Anything else
 * is left to the service's own handler (a 500 that reveals nothing).
 */
final class PromErrors {

	private static final Duration STORAGE_RETRY = Duration.ofSeconds(1);

	private PromErrors() {
	}

	static Mono<ResponseEntity<PromResponse>> response(Throwable failure) {
		if (failure instanceof PromQLException promql) {
			return (promql.kind() == PromQLException.Kind.BAD_DATA) ? badData(promql.getMessage())
					: error(HttpStatus.UNPROCESSABLE_CONTENT, "execution", promql.getMessage(), null);
		}
		if (failure instanceof PromParams.BadData bad) {
			return badData(bad.getMessage());
		}
		if (failure instanceof ApiProblem problem) {
			HttpStatus status = problem.status();
			if (status == HttpStatus.TOO_MANY_REQUESTS || status == HttpStatus.SERVICE_UNAVAILABLE) {
				return error(status, "unavailable", problem.detail(), problem.retryAfter());
			}
			if (status == HttpStatus.BAD_REQUEST && problem.type() != null) {
				// A cap or limit the query would go beyond: valid PromQL, not answerable
				// here.
				return error(HttpStatus.UNPROCESSABLE_CONTENT, "execution", problem.detail(), null);
			}
			return badData(problem.detail());
		}
		if (StorageFailures.causeOf(failure) != null) {
			return error(HttpStatus.SERVICE_UNAVAILABLE, "unavailable",
					"the storage is unavailable or overloaded; retry later", STORAGE_RETRY);
		}
		return Mono.error(failure);
	}

	static Mono<ResponseEntity<PromResponse>> badData(String message) {
		return error(HttpStatus.BAD_REQUEST, "bad_data", message, null);
	}

	private static Mono<ResponseEntity<PromResponse>> error(HttpStatus status, String type, String message,
			Duration retryAfter) {
		ResponseEntity.BodyBuilder response = ResponseEntity.status(status);
		if (retryAfter != null) {
			response.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
		}
		return Mono.just(response.body(PromResponse.error(type, message)));
	}

}
