package dev.sponge.problem;

import java.io.IOException;
import java.net.URI;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.connection.ClosedConnectionException;
import com.datastax.oss.driver.api.core.connection.HeartbeatException;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.RequestThrottlingException;
import com.datastax.oss.driver.api.core.servererrors.QueryConsistencyException;
import com.datastax.oss.driver.api.core.servererrors.UnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.channel.AbortedException;

import org.springframework.beans.TypeMismatchException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;

import dev.sponge.logging.RequestId;

/**
 * The one place where exceptions become {@code application/problem+json} responses.
 * Client mistakes are 4xx with a precise detail; an unavailable or overloaded Cassandra
 * is 503 with {@code Retry-After}; anything else is a 500 whose detail reveals nothing
 * internal.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

	@ExceptionHandler(ApiProblem.class)
	Mono<ResponseEntity<ProblemDetail>> apiProblem(ApiProblem problem, ServerWebExchange exchange) {
		return Mono.just(toResponse(problem, exchange));
	}

	/**
	 * Names the parameter and the expected type instead of Spring's bare "Type mismatch."
	 */
	@Override
	protected Mono<ResponseEntity<Object>> handleServerWebInputException(ServerWebInputException ex,
			HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
		if (ex.getCause() instanceof TypeMismatchException mismatch && ex.getMethodParameter() != null) {
			String expected = (mismatch.getRequiredType() != null) ? mismatch.getRequiredType().getSimpleName()
					: "value";
			ex.getBody()
				.setDetail("Parameter '" + ex.getMethodParameter().getParameterName() + "' must be "
						+ ("Integer".equals(expected) ? "an integer" : "a " + expected));
		}
		return super.handleServerWebInputException(ex, headers, status, exchange);
	}

	@ExceptionHandler(DataBufferLimitException.class)
	Mono<ResponseEntity<ProblemDetail>> bodyTooLarge(DataBufferLimitException ex, ServerWebExchange exchange) {
		return Mono.just(toResponse(
				ApiProblem.tooLarge("Request body exceeds the configured limit: " + ex.getMessage()), exchange));
	}

	@ExceptionHandler({ RequestThrottlingException.class, AllNodesFailedException.class, DriverTimeoutException.class,
			UnavailableException.class, QueryConsistencyException.class, ClosedConnectionException.class,
			HeartbeatException.class })
	Mono<ResponseEntity<ProblemDetail>> storageUnavailable(RuntimeException ex, ServerWebExchange exchange) {
		RequestId.inMdc(requestId(exchange),
				() -> log.warn("storage unavailable method={} path={} cause={} message={}",
						exchange.getRequest().getMethod(), exchange.getRequest().getPath(),
						ex.getClass().getSimpleName(), ex.getMessage()));
		return Mono.just(toResponse(StorageFailures.unavailable(ex), exchange));
	}

	@ExceptionHandler(Exception.class)
	Mono<ResponseEntity<ProblemDetail>> unexpected(Exception ex, ServerWebExchange exchange) {
		Throwable storage = StorageFailures.causeOf(ex);
		if (storage instanceof RuntimeException runtime) {
			return storageUnavailable(runtime, exchange);
		}
		if (clientWentAway(ex)) {
			// Not the service's failure, and the answer reaches nobody: nginx's 499
			// ("client
			// closed request"), which the audit line records as it does for a cancelled
			// request.
			RequestId.inMdc(requestId(exchange),
					() -> log.info("client closed the connection before its request was complete method={} path={}",
							exchange.getRequest().getMethod(), exchange.getRequest().getPath()));
			return Mono.just(ResponseEntity.status(ApiProblem.CLIENT_CLOSED_REQUEST).build());
		}

		RequestId.inMdc(requestId(exchange), () -> log.error("unexpected failure method={} path={}",
				exchange.getRequest().getMethod(), exchange.getRequest().getPath(), ex));
		ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
				"The server failed to process the request");
		body.setInstance(URI.create(exchange.getRequest().getPath().value()));
		return Mono.just(ResponseEntity.internalServerError().body(body));
	}

	/**
	 * Whether the request failed because its client's connection closed or was reset:
	 * Reactor Netty's abort, or the socket's own I/O error while the body was read
	 * (Cassandra's I/O failures arrive as driver exceptions, handled before).
	 */
	private static boolean clientWentAway(Throwable ex) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t instanceof AbortedException || t instanceof IOException) {
				return true;
			}
		}
		return false;
	}

	static ResponseEntity<ProblemDetail> toResponse(ApiProblem problem, ServerWebExchange exchange) {
		ProblemDetail body = ProblemDetail.forStatusAndDetail(problem.status(), problem.detail());
		body.setTitle(problem.title());
		if (problem.type() != null) {
			body.setType(URI.create(problem.type()));
		}
		body.setInstance(URI.create(exchange.getRequest().getPath().value()));
		if (!problem.errors().isEmpty()) {
			body.setProperty("errors", problem.errors());
		}
		problem.properties().forEach(body::setProperty);
		// Explicit, so a problem is JSON even on a route that produces something else
		// (the
		// event stream).
		ResponseEntity.BodyBuilder response = ResponseEntity.status(problem.status())
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		if (problem.retryAfter() != null) {
			response.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, problem.retryAfter().toSeconds())));
		}
		return response.body(body);
	}

	/** The request id the audit filter answered with. */
	private static String requestId(ServerWebExchange exchange) {
		return exchange.getResponse().getHeaders().getFirst(RequestId.HEADER);
	}

}
