package dev.sponge.security;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.WebFilterExchange;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;
import org.springframework.security.web.server.authentication.ServerAuthenticationFailureHandler;

import dev.sponge.problem.ProblemWriter;

/**
 * A token that could not be checked because the issuer's signing keys could not be
 * fetched is the service's problem, not the client's: 503 with {@code Retry-After}, not
 * Spring's default 500. Every other failure is the entry point's 401.
 */
final class IssuerUnavailableFailureHandler implements ServerAuthenticationFailureHandler {

	/** The JWKS fetch is retried after its cool-down; a client may try again then. */
	private static final String RETRY_AFTER_SECONDS = "5";

	private final ServerAuthenticationFailureHandler unauthorized;

	private final ProblemWriter problems;

	IssuerUnavailableFailureHandler(ServerAuthenticationEntryPoint entryPoint, ProblemWriter problems) {
		this.unauthorized = new ServerAuthenticationEntryPointFailureHandler(entryPoint);
		this.problems = problems;
	}

	@Override
	public Mono<Void> onAuthenticationFailure(WebFilterExchange exchange, AuthenticationException ex) {
		if (ex instanceof AuthenticationServiceException) {
			exchange.getExchange().getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
			return this.problems.write(exchange.getExchange(), HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable",
					"The token could not be checked: the identity provider's signing keys are unavailable; "
							+ "retry later");
		}
		return this.unauthorized.onAuthenticationFailure(exchange, ex);
	}

}
