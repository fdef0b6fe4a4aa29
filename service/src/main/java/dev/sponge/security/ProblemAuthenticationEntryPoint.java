package dev.sponge.security;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.web.server.ServerWebExchange;

import dev.sponge.problem.ProblemWriter;

/**
 * 401 for a missing, malformed, expired or untrusted token:
 * {@code WWW-Authenticate: Bearer} as RFC 6750 asks, plus a problem+json body saying why.
 * The token itself is never echoed.
 */
final class ProblemAuthenticationEntryPoint implements ServerAuthenticationEntryPoint {

	private final ProblemWriter problems;

	ProblemAuthenticationEntryPoint(ProblemWriter problems) {
		this.problems = problems;
	}

	@Override
	public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException ex) {
		String detail = "A valid bearer token is required";
		String challenge = "Bearer";
		if (ex instanceof OAuth2AuthenticationException oauth && oauth.getError() instanceof BearerTokenError error) {
			detail = (error.getDescription() != null) ? error.getDescription() : error.getErrorCode();
			challenge = "Bearer error=\"" + error.getErrorCode() + "\", error_description=\""
					+ detail.replace("\"", "'") + "\"";
		}
		else if (ex instanceof OAuth2AuthenticationException oauth) {
			detail = "Invalid token: " + oauth.getError().getErrorCode();
			challenge = "Bearer error=\"invalid_token\"";
		}
		exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, challenge);
		return this.problems.write(exchange, HttpStatus.UNAUTHORIZED, "Unauthorized", detail);
	}

}
