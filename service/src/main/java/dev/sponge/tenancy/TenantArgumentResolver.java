package dev.sponge.tenancy;

import reactor.core.publisher.Mono;

import org.springframework.core.MethodParameter;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;

import dev.sponge.problem.ApiProblem;

/**
 * Lets a controller method declare a {@link Tenant} parameter: the tenant of the
 * authenticated caller, read from the reactive security context (never from a
 * ThreadLocal).
 */
final class TenantArgumentResolver implements HandlerMethodArgumentResolver {

	private final TenantClaim tenantClaim;

	TenantArgumentResolver(TenantClaim tenantClaim) {
		this.tenantClaim = tenantClaim;
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return Tenant.class.equals(parameter.getParameterType());
	}

	@Override
	public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext bindingContext,
			ServerWebExchange exchange) {
		return ReactiveSecurityContextHolder.getContext()
			.mapNotNull(SecurityContext::getAuthentication)
			.mapNotNull(this.tenantClaim::tenantOf)
			.<Object>map((tenant) -> tenant)
			.switchIfEmpty(Mono.error(() -> ApiProblem.forbidden(this.tenantClaim.missingDetail())));
	}

}
