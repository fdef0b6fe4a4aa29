package dev.sponge.support;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import dev.sponge.oidcissuer.OidcIssuer;
import dev.sponge.oidcissuer.TokenRequest;

/**
 * Real tokens for the integration tests: fetched over HTTP from the shared OIDC issuer,
 * or, for the attacks a real issuer would never sign (expired, foreign issuer, wrong
 * key), crafted with the issuer's own or a stranger's key.
 */
public final class Tokens {

	/** The issuer id the service under test trusts. */
	public static final String ISSUER_ID = "sponge";

	/** The audience the service expects (application.yaml). */
	public static final String AUDIENCE = "sponge-api";

	private Tokens() {
	}

	/** A tenant id no other test uses. */
	public static String uniqueTenant() {
		return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
	}

	/** A token from the issuer for {@code tenant} with the given Okta-style groups. */
	public static String withGroups(String tenant, String... groups) {
		return withGroups(OidcIssuer.shared(), tenant, groups);
	}

	/**
	 * A token from {@code issuer} for {@code tenant} with the given Okta-style groups.
	 */
	public static String withGroups(OidcIssuer issuer, String tenant, String... groups) {
		return issuer.fetchToken(
				new TokenRequest(ISSUER_ID, "user-" + tenant, AUDIENCE, tenant, Arrays.asList(groups), List.of()));
	}

	/**
	 * A token from the issuer for a user of {@code tenant} in as many groups as Okta puts
	 * into a token: {@code spongeGroup} and directory groups with names as long as Okta's
	 * AWS and AD integrations give them. About 10 KB, so its Authorization header is
	 * larger than the HTTP servers' usual 8 KiB of headers.
	 */
	public static String inManyGroups(String tenant, String spongeGroup) {
		List<String> groups = new ArrayList<>();
		groups.add(spongeGroup);
		for (int i = 1; i < TokenRequest.MAX_GROUPS; i++) {
			groups.add("aws#acme-platform-prod#%03d-123456789012#ReadOnlyAccess-Observability".formatted(i));
		}
		String token = withGroups(tenant, groups.toArray(String[]::new));
		if (token.length() <= 9 * 1024) {
			throw new IllegalStateException("A token of " + token.length() + " characters is not one of about 10 KB");
		}
		return token;
	}

	/** A token from the issuer for {@code tenant} with the given scopes and no groups. */
	public static String withScopes(String tenant, String... scopes) {
		return OidcIssuer.shared()
			.fetchToken(new TokenRequest(ISSUER_ID, "svc-" + tenant, AUDIENCE, tenant, null, Arrays.asList(scopes)));
	}

	/** WRITER and READER, as a device fleet's service account would have. */
	public static String writerReader(String tenant) {
		return withGroups(tenant, "sponge-writer", "sponge-reader");
	}

	/** A token from the issuer that carries roles but names no tenant. */
	public static String withoutTenant() {
		return OidcIssuer.shared()
			.fetchToken(new TokenRequest(ISSUER_ID, "no-tenant", AUDIENCE, null, List.of("sponge-admin"), List.of()));
	}

	/** A token from the issuer for another audience. */
	public static String forAudience(String tenant, String audience) {
		return OidcIssuer.shared()
			.fetchToken(new TokenRequest(ISSUER_ID, "user-" + tenant, audience, tenant, List.of("sponge-admin"),
					List.of()));
	}

	/** Claims of a valid admin token for {@code tenant}, to be altered by an attack. */
	public static JWTClaimsSet.Builder validClaims(String tenant) {
		return validClaims(OidcIssuer.shared(), tenant);
	}

	/**
	 * Claims of a valid admin token of {@code issuer} for {@code tenant}, to be altered
	 * by an attack.
	 */
	public static JWTClaimsSet.Builder validClaims(OidcIssuer issuer, String tenant) {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().issuer(issuer.issuerUri(ISSUER_ID))
			.subject("crafted")
			.audience(AUDIENCE)
			.claim("tenant", tenant)
			.claim("groups", List.of("sponge-admin"))
			.issueTime(java.util.Date.from(now))
			.notBeforeTime(java.util.Date.from(now.minusSeconds(5)))
			.expirationTime(java.util.Date.from(now.plusSeconds(300)));
	}

	/**
	 * Signs {@code claims} with the issuer's real key (its JWKS publishes the public
	 * half).
	 */
	public static String signedByIssuer(JWTClaimsSet claims) {
		return sign(claims, OidcIssuer.shared().signingKey());
	}

	/** Signs {@code claims} with {@code key}. */
	public static String sign(JWTClaimsSet claims, RSAKey key) {
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
					claims);
			jwt.sign(new RSASSASigner(key));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
