package dev.sponge.security;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;

import dev.sponge.problem.ProblemWriter;

/**
 * 403 problem that names what the token lacked: a tenant, or the role the route needs.
 */
final class ProblemAccessDeniedHandler implements ServerAccessDeniedHandler {

	private final ApiAccessRules rules;

	private final ProblemWriter problems;

	ProblemAccessDeniedHandler(ApiAccessRules rules, ProblemWriter problems) {
		this.rules = rules;
		this.problems = problems;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
		return exchange.<Authentication>getPrincipal()
			.zipWith(this.rules.requiredRole(exchange).map(Role::name).defaultIfEmpty("ADMIN"))
			.map((t) -> detail(t.getT1(), t.getT2()))
			.defaultIfEmpty("Access denied")
			.flatMap((detail) -> this.problems.write(exchange, HttpStatus.FORBIDDEN, "Forbidden", detail));
	}

	private String detail(Authentication authentication, String role) {
		if (!this.rules.hasTenant(authentication)) {
			return this.rules.missingTenantDetail();
		}
		return "This request needs the " + role + " role, which the token does not grant";
	}

}
