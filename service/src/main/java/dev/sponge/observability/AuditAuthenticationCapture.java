package dev.sponge.observability;

import reactor.core.publisher.Mono;

import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Placed in the security filter chain right after authentication: copies who the caller
 * is into the request's {@link AuditRecord}, so the audit line names the subject even
 * when authorisation then refuses the request.
 */
public final class AuditAuthenticationCapture implements WebFilter {

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		AuditRecord record = AuditRecord.of(exchange);
		if (record == null) {
			return chain.filter(exchange);
		}
		return ReactiveSecurityContextHolder.getContext()
			.mapNotNull(SecurityContext::getAuthentication)
			.doOnNext(record::authentication)
			.then(chain.filter(exchange));
	}

}
