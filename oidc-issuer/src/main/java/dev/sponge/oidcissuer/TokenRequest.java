package dev.sponge.oidcissuer;

import java.util.List;
import java.util.Objects;

/**
 * What the access token requested with {@link OidcIssuer#fetchToken(TokenRequest)} should
 * say.
 *
 * <p>
 * Claims: {@code sub} = subject; {@code aud} = audience (null means
 * {@link #DEFAULT_AUDIENCE}, an empty string means no {@code aud} claim); {@code tenant}
 * (null means no claim); {@code groups} as a JSON array (null means no claim, at most
 * {@link #MAX_GROUPS} entries); {@code scope} as a space-separated string (null or empty
 * means no claim). The issuer adds {@code iss}, {@code iat}, {@code nbf}, {@code exp}
 * (one hour) and {@code jti}. Build with the factories and {@code with...} methods, e.g.
 * {@code TokenRequest.of("alice", "demo", "sponge-writer").withAudience("other-api")}.
 *
 * @param issuerId issuer to ask, see {@link OidcIssuer#DEFAULT_ISSUER_ID}
 * @param subject {@code sub} claim
 * @param audience {@code aud} claim
 * @param tenant {@code tenant} claim
 * @param groups {@code groups} claim
 * @param scopes {@code scope} claim
 */
public record TokenRequest(String issuerId, String subject, String audience, String tenant, List<String> groups,
		List<String> scopes) {

	/** Audience used when none is given. */
	public static final String DEFAULT_AUDIENCE = "sponge-api";

	/** Subject of {@link #anonymous()}. */
	public static final String DEFAULT_SUBJECT = "sponge-test-user";

	/**
	 * Most groups a token can carry (the issuer is configured for each count up to this):
	 * as many as Okta puts into a groups claim, so tests can ask for the largest tokens
	 * Okta issues to a user in many groups.
	 */
	public static final int MAX_GROUPS = 100;

	/**
	 * Applies the defaults described above and validates.
	 * @param issuerId issuer to ask, null for {@link OidcIssuer#DEFAULT_ISSUER_ID}
	 * @param subject {@code sub} claim
	 * @param audience {@code aud} claim, null for {@link #DEFAULT_AUDIENCE}, "" for none
	 * @param tenant {@code tenant} claim, null for none
	 * @param groups {@code groups} claim, null for none
	 * @param scopes {@code scope} claim, null or empty for none
	 */
	public TokenRequest {
		issuerId = issuerId == null ? OidcIssuer.DEFAULT_ISSUER_ID : issuerId;
		subject = Objects.requireNonNull(subject, "subject");
		audience = audience == null ? DEFAULT_AUDIENCE : audience;
		groups = groups == null ? null : List.copyOf(groups);
		scopes = scopes == null || scopes.isEmpty() ? null : List.copyOf(scopes);
		if (groups != null && groups.size() > MAX_GROUPS) {
			throw new IllegalArgumentException("At most " + MAX_GROUPS + " groups, got " + groups.size());
		}
		if (scopes != null && scopes.stream().anyMatch(s -> s.isBlank() || s.contains(" "))) {
			throw new IllegalArgumentException("Scopes must be single non-blank tokens: " + scopes);
		}
	}

	/**
	 * @return a request for {@link #DEFAULT_SUBJECT}, default issuer and audience, no
	 * other claims
	 */
	public static TokenRequest anonymous() {
		return forSubject(DEFAULT_SUBJECT);
	}

	/**
	 * @param subject {@code sub} claim
	 * @return a request for {@code subject}, default issuer and audience, no other claims
	 */
	public static TokenRequest forSubject(String subject) {
		return new TokenRequest(null, subject, null, null, null, null);
	}

	/**
	 * @param subject {@code sub} claim
	 * @param tenant {@code tenant} claim, or null
	 * @param groups {@code groups} claim
	 * @return a request for {@code subject} in {@code tenant} with {@code groups},
	 * default audience
	 */
	public static TokenRequest of(String subject, String tenant, String... groups) {
		return new TokenRequest(null, subject, null, tenant, List.of(groups), null);
	}

	/**
	 * @param id issuer id
	 * @return a copy asking issuer {@code id}
	 */
	public TokenRequest withIssuerId(String id) {
		return new TokenRequest(id, subject, audience, tenant, groups, scopes);
	}

	/**
	 * @param sub {@code sub} claim
	 * @return a copy with subject {@code sub}
	 */
	public TokenRequest withSubject(String sub) {
		return new TokenRequest(issuerId, sub, audience, tenant, groups, scopes);
	}

	/**
	 * @param aud {@code aud} claim, "" for none, null for {@link #DEFAULT_AUDIENCE}
	 * @return a copy with audience {@code aud}
	 */
	public TokenRequest withAudience(String aud) {
		return new TokenRequest(issuerId, subject, aud, tenant, groups, scopes);
	}

	/**
	 * @param id tenant id, null for no {@code tenant} claim
	 * @return a copy with tenant {@code id}
	 */
	public TokenRequest withTenant(String id) {
		return new TokenRequest(issuerId, subject, audience, id, groups, scopes);
	}

	/**
	 * @param names group names
	 * @return a copy with {@code names} as groups
	 */
	public TokenRequest withGroups(String... names) {
		return withGroups(List.of(names));
	}

	/**
	 * @param names group names, null for no {@code groups} claim
	 * @return a copy with {@code names} as groups
	 */
	public TokenRequest withGroups(List<String> names) {
		return new TokenRequest(issuerId, subject, audience, tenant, names, scopes);
	}

	/**
	 * @param values scopes
	 * @return a copy with {@code values} as scopes, e.g.
	 * {@code "sponge:read", "sponge:write"}
	 */
	public TokenRequest withScopes(String... values) {
		return new TokenRequest(issuerId, subject, audience, tenant, groups, List.of(values));
	}

	/**
	 * Which optional claims are present, e.g. {@code t1-g2-s0-a1}; selects the issuer's
	 * request mapping.
	 */
	String shape() {
		return shape(tenant != null, groups == null ? -1 : groups.size(), scopes != null, !audience.isEmpty());
	}

	static String shape(boolean tenant, int groupCount, boolean scope, boolean audience) {
		return "t" + (tenant ? 1 : 0) + "-g" + (groupCount < 0 ? "x" : String.valueOf(groupCount)) + "-s"
				+ (scope ? 1 : 0) + "-a" + (audience ? 1 : 0);
	}
}
