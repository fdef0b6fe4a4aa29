package dev.sponge.security;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.util.StringUtils;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The bearer-token decoder: Spring's standard
 * {@code spring.security.oauth2.resourceserver.jwt.*} properties (issuer-uri or
 * jwk-set-uri, audiences, jws-algorithms) with the same checks Spring Boot's own decoder
 * makes (signature, issuer, audience, expiry and not-before, plus any
 * {@code OAuth2TokenValidator<Jwt>} bean), but with keys from a
 * {@link RefreshingJwkSource}, so that signing-key rotation at the issuer takes effect
 * without a restart: new keys at once, removed keys after
 * {@code sponge.security.jwks.max-age}, and that tokens naming unknown key ids cost the
 * issuer at most one fetch per {@code sponge.security.jwks.refetch-cooldown}.
 */
@Configuration(proxyBeanMethods = false)
class JwtDecoderConfiguration {

	@Bean
	ReactiveJwtDecoder jwtDecoder(OAuth2ResourceServerProperties resourceServer, JwksProperties jwks,
			TokenCacheProperties tokenCache, Clock clock, ObjectProvider<OAuth2TokenValidator<Jwt>> extraValidators) {
		OAuth2ResourceServerProperties.Jwt jwt = resourceServer.getJwt();
		String issuer = jwt.getIssuerUri();
		WebClient web = WebClient.create();
		Mono<String> jwkSetUri;
		if (StringUtils.hasText(jwt.getJwkSetUri())) {
			jwkSetUri = Mono.just(jwt.getJwkSetUri());
		}
		else if (StringUtils.hasText(issuer)) {
			jwkSetUri = discoverJwkSetUri(web, issuer);
		}
		else {
			throw new IllegalStateException(
					"Set spring.security.oauth2.resourceserver.jwt.issuer-uri (or jwk-set-uri) to the token issuer");
		}
		RefreshingJwkSource keys = new RefreshingJwkSource(jwkSetUri, web, jwks, clock);
		NimbusReactiveJwtDecoder.JwkSourceReactiveJwtDecoderBuilder builder = NimbusReactiveJwtDecoder
			.withJwkSource(keys);
		for (String name : jwt.getJwsAlgorithms()) {
			SignatureAlgorithm algorithm = SignatureAlgorithm.from(name);
			if (algorithm == null) {
				throw new IllegalStateException("Unknown JWS algorithm " + name
						+ " in spring.security.oauth2.resourceserver.jwt.jws-algorithms");
			}
			builder.jwsAlgorithm(algorithm);
		}
		NimbusReactiveJwtDecoder decoder = builder.build();
		List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
		if (StringUtils.hasText(issuer)) {
			validators.add(new JwtIssuerValidator(issuer));
		}
		List<String> audiences = jwt.getAudiences();
		if (audiences != null && !audiences.isEmpty()) {
			validators.add(new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
					(aud) -> aud != null && !Collections.disjoint(aud, audiences)));
		}
		extraValidators.orderedStream().forEach(validators::add);
		// Adds the expiry and not-before checks to ours.
		decoder.setJwtValidator(JwtValidators.createDefaultWithValidators(validators));
		// Spring wraps any failure of the key source in an IllegalStateException, which
		// would end as a 500; unwrapped, "the keys cannot be fetched" is an
		// authentication
		// service failure, which IssuerUnavailableFailureHandler answers with 503.
		ReactiveJwtDecoder checked = (token) -> decoder.decode(token)
			.onErrorMap((ex) -> ex instanceof IllegalStateException && ex.getCause() instanceof JwtException,
					Throwable::getCause);
		return new VerifiedTokenCache(checked, tokenCache, keys::keysTrustedUntil, clock);
	}

	/**
	 * The jwks_uri of the issuer's OpenID discovery document, looked up on first use (the
	 * issuer may start after the service) and kept once found.
	 */
	private static Mono<String> discoverJwkSetUri(WebClient web, String issuer) {
		String location = issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration";
		return web.get().uri(location).retrieve().bodyToMono(new ParameterizedTypeReference<Map<String, Object>>() {
		}).map((discovery) -> {
			if (!issuer.equals(discovery.get("issuer")) || !(discovery.get("jwks_uri") instanceof String uri)) {
				throw new IllegalStateException("Discovery document at " + location + " does not describe issuer "
						+ issuer + " with a jwks_uri");
			}
			return uri;
		}).cache((uri) -> Duration.ofDays(36500), (error) -> Duration.ZERO, () -> Duration.ZERO);
	}

}
