package dev.sponge.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;

import dev.sponge.observability.AuditAuthenticationCapture;
import dev.sponge.problem.ProblemWriter;
import dev.sponge.tenancy.TenantClaim;

/**
 * Sponge is a stateless OAuth 2.0 resource server: every API call carries a bearer JWT,
 * checked against the issuer configured with Spring's standard properties; roles come
 * from {@link ClaimsRoleConverter}, the tenant from the configured claim
 * ({@link TenantClaim}), and route rules from {@link ApiAccessRules}.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	/**
	 * Reads the caller's tenant from the claim {@code sponge.security.tenant-claim}
	 * names.
	 */
	@Bean
	TenantClaim tenantClaim(SpongeSecurityProperties properties) {
		return new TenantClaim(properties.tenantClaim());
	}

	@Bean
	SecurityWebFilterChain apiSecurity(ServerHttpSecurity http, SpongeSecurityProperties properties,
			TenantClaim tenantClaim, ProblemWriter problems) {
		ApiAccessRules rules = new ApiAccessRules(tenantClaim);
		ProblemAuthenticationEntryPoint entryPoint = new ProblemAuthenticationEntryPoint(problems);
		ProblemAccessDeniedHandler deniedHandler = new ProblemAccessDeniedHandler(rules, problems);
		JwtAuthenticationConverter jwtConverter = new JwtAuthenticationConverter();
		jwtConverter.setJwtGrantedAuthoritiesConverter(new ClaimsRoleConverter(properties));
		return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			// The request cache stays Spring's default: it makes a web session per
			// request on other threads. Without those hops a quick answer on the
			// event loop hits Reactor Netty #4361 (1.3.6): the connection stops
			// reading, and the next request waits until the client gives up
			// (docs/performance.md).
			.authorizeExchange((exchanges) -> {
				exchanges
					.pathMatchers("/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus")
					.permitAll();
				// The API description and its UI (enabled in local mode only) are public.
				exchanges
					.pathMatchers("/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/**", "/swagger-ui.html",
							"/swagger-ui/**", "/webjars/swagger-ui/**")
					.permitAll();
				rules.apply(exchanges);
				exchanges.anyExchange().authenticated();
			})
			.oauth2ResourceServer((server) -> server
				.jwt((jwt) -> jwt
					.jwtAuthenticationConverter(new ReactiveJwtAuthenticationConverterAdapter(jwtConverter)))
				.authenticationEntryPoint(entryPoint)
				.authenticationFailureHandler(new IssuerUnavailableFailureHandler(entryPoint, problems))
				.accessDeniedHandler(deniedHandler))
			.exceptionHandling(
					(handling) -> handling.authenticationEntryPoint(entryPoint).accessDeniedHandler(deniedHandler))
			.addFilterBefore(new AuditAuthenticationCapture(), SecurityWebFiltersOrder.AUTHORIZATION)
			.build();
	}

}
