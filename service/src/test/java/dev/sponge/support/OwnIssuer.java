package dev.sponge.support;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

import dev.sponge.oidcissuer.OidcIssuer;

/**
 * Points the service at an issuer process of the test class's own instead of the shared
 * one, for tests that rotate its keys or count its JWKS fetches (which would disturb, or
 * be disturbed by, every other test). Subclass it once per test class (a nested
 * {@code static final class Issuer extends OwnIssuer {}}), list it after
 * {@link RealInfrastructure} in the {@code @ContextConfiguration} initializers, reach the
 * process with {@link #of(Class)} and stop it with {@link #stop(Class)} in
 * {@code @AfterAll}.
 */
public abstract class OwnIssuer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	private static final Map<Class<? extends OwnIssuer>, OidcIssuer> running = new ConcurrentHashMap<>();

	/** The issuer of {@code owner}, started on first use. */
	public static OidcIssuer of(Class<? extends OwnIssuer> owner) {
		return running.computeIfAbsent(owner, (ignored) -> OidcIssuer.start(0));
	}

	/** Stops the issuer of {@code owner}, if it was started. */
	public static void stop(Class<? extends OwnIssuer> owner) {
		OidcIssuer issuer = running.remove(owner);
		if (issuer != null) {
			issuer.close();
		}
	}

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("own-issuer", Map.of("spring.security.oauth2.resourceserver.jwt.issuer-uri",
					of(getClass()).issuerUri(Tokens.ISSUER_ID))));
	}

}
