package dev.sponge.security;

import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.config.web.server.ServerHttpSecurity.AuthorizeExchangeSpec;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import org.springframework.security.web.server.util.matcher.OrServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.PathPatternParserServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;

import dev.sponge.tenancy.TenantClaim;

/**
 * The API's route rules in one table: which role each route needs. Used both to configure
 * the filter chain and to tell a refused caller exactly what was missing. Every API route
 * also needs a tenant.
 */
final class ApiAccessRules {

	/**
	 * One row of the table. A GET rule also covers HEAD and OPTIONS of its route, and the
	 * table cannot name those two on their own: HEAD runs the GET handler and answers its
	 * headers (Content-Length included), OPTIONS tells what the route offers, so neither
	 * may ever need less than GET.
	 *
	 * @param method the method, {@code null} for any
	 * @param pattern the path pattern
	 * @param role the role the route needs
	 */
	record Rule(HttpMethod method, String pattern, Role role) {

		private static final List<HttpMethod> READS = List.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

		Rule {
			if (HttpMethod.HEAD.equals(method) || HttpMethod.OPTIONS.equals(method)) {
				throw new IllegalArgumentException(
						method + " " + pattern + ": HEAD and OPTIONS follow the route's GET rule; write that instead");
			}
		}

		ServerWebExchangeMatcher matcher() {
			if (this.method == null) {
				return new PathPatternParserServerWebExchangeMatcher(this.pattern);
			}
			List<HttpMethod> methods = HttpMethod.GET.equals(this.method) ? READS : List.of(this.method);
			return new OrServerWebExchangeMatcher(methods.stream()
				.<ServerWebExchangeMatcher>map((m) -> new PathPatternParserServerWebExchangeMatcher(this.pattern, m))
				.toList());
		}

	}

	static final List<Rule> RULES = List.of(new Rule(HttpMethod.POST, "/api/v1/points", Role.WRITER),
			new Rule(HttpMethod.POST, "/api/v1/write", Role.WRITER),
			new Rule(HttpMethod.POST, "/api/otlp/v1/metrics", Role.WRITER),
			new Rule(HttpMethod.DELETE, "/api/v1/series", Role.ADMIN),
			new Rule(HttpMethod.PUT, "/api/v1/retention", Role.ADMIN),
			new Rule(HttpMethod.GET, "/api/v1/retention", Role.ADMIN),
			new Rule(HttpMethod.PUT, "/api/v1/limits", Role.ADMIN),
			new Rule(HttpMethod.GET, "/api/v1/limits", Role.ADMIN),
			// Prometheus' query API takes its queries as form POSTs too.
			new Rule(HttpMethod.POST, "/api/prom/api/v1/**", Role.READER),
			new Rule(HttpMethod.GET, "/api/**", Role.READER),
			// Any other method on an API path still needs a tenant and a role to learn it
			// is not there.
			new Rule(null, "/api/**", Role.READER));

	private final TenantClaim tenantClaim;

	ApiAccessRules(TenantClaim tenantClaim) {
		this.tenantClaim = tenantClaim;
	}

	void apply(AuthorizeExchangeSpec exchanges) {
		for (Rule rule : RULES) {
			exchanges.matchers(rule.matcher()).access(requireRoleAndTenant(rule.role()));
		}
	}

	/** The role the first matching rule asks for, or {@code null} if no rule matches. */
	Mono<Role> requiredRole(ServerWebExchange exchange) {
		return reactor.core.publisher.Flux.fromIterable(RULES)
			.concatMap((rule) -> rule.matcher().matches(exchange).filter((m) -> m.isMatch()).map((m) -> rule.role()))
			.next();
	}

	boolean hasTenant(Authentication authentication) {
		return this.tenantClaim.tenantOf(authentication) != null;
	}

	String missingTenantDetail() {
		return this.tenantClaim.missingDetail();
	}

	private ReactiveAuthorizationManager<AuthorizationContext> requireRoleAndTenant(Role role) {
		return new ReactiveAuthorizationManager<>() {
			@Override
			public Mono<AuthorizationResult> authorize(Mono<Authentication> authentication,
					AuthorizationContext context) {
				return authentication.filter(Authentication::isAuthenticated)
					.map((auth) -> (AuthorizationResult) new AuthorizationDecision(
							hasRole(auth, role) && hasTenant(auth)))
					.defaultIfEmpty(new AuthorizationDecision(false));
			}
		};
	}

	static boolean hasRole(Authentication authentication, Role role) {
		return authentication.getAuthorities().stream().anyMatch((a) -> role.authority().equals(a.getAuthority()));
	}

}
